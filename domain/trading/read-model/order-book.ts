import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'
import type { OrderTerms } from '../order-terms.ts'

/** An order the broker holds, waiting for its price or its expiry. */
export interface PendingOrder extends OrderTerms {
  portfolioId: string
  /** When the broker received it (the OrderReceived event's `at`): a day order expires at that day's close. */
  placedAt: string
}

/** The broker's order book: pending orders in the order received (time priority). */
interface OrderBookState {
  pending: PendingOrder[]
}

/** The broker's order book, read by the trade service: `PendingOrders {symbol?}` in time priority. */
export const OrderBookProjection: Projection<OrderBookState> = {
  name: 'OrderBook',
  init: () => ({ pending: [] }),
  on: ['OrderReceived', 'OrderFulfilled', 'OrderCanceled'],
  apply(state, event) {
    const d = event.data as Record<string, any>
    if (event.type === 'OrderReceived') state.pending.push({ ...(d as PendingOrder), placedAt: event.at })
    else state.pending = state.pending.filter((order) => order.orderId !== d.orderId)
    return state
  },
  queries: {
    PendingOrders: {
      params: z.object({ symbol: z.string().optional() }),
      run: (state, params): PendingOrder[] =>
        state.pending.filter((order) => params.symbol === undefined || order.symbol === params.symbol).map((order) => ({ ...order })),
    },
  },
}
