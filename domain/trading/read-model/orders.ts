import { z } from 'zod'
import type { EventEnvelope, Projection } from '../../kernel/index.ts'
import type { OrderTerms } from '../order-terms.ts'
import { portfolioIdOf } from '../streams.ts'

/** Where an order stands for the trader: waiting, traded, failed (no quote, expired) or canceled by the trader. */
type OrderStatus = 'pending' | 'fulfilled' | 'failed' | 'canceled'

/** One row of the Orders read model. */
export interface OrderRow extends OrderTerms {
  status: OrderStatus
  /** Once fulfilled: the fill price, the commission charged and the cash it moved. */
  price?: string
  commission?: string
  amount?: string
  /** Once failed or canceled: the broker's reason (canceled, no_quote, expired). */
  reason?: string
  /** When the order was placed (its OrderPlaced's `at`). */
  placedAt: string
  /** When the row last changed: placed, filled, failed or canceled. */
  updatedAt: string
}

/** The Orders read model's state: every order, and each portfolio's order ids in the order placed. */
interface OrdersState {
  orders: Record<string, OrderRow>
  byPortfolio: Record<string, string[]>
}

function applyEvent(state: OrdersState, event: EventEnvelope): OrdersState {
  const d = event.data as Record<string, any>
  if (event.type === 'OrderPlaced') {
    const { portfolioId: _p, estimate: _e, ...terms } = d
    state.orders[d.orderId] = { ...(terms as OrderTerms), status: 'pending', placedAt: event.at, updatedAt: event.at }
    ;(state.byPortfolio[portfolioIdOf(event)] ??= []).push(d.orderId)
    return state
  }
  const row = state.orders[d.orderId]
  if (row === undefined) return state
  row.updatedAt = event.at
  if (event.type === 'OrderFailed') {
    row.status = d.reason === 'canceled' ? 'canceled' : 'failed'
    row.reason = d.reason
  } else {
    row.status = 'fulfilled'
    row.price = d.price
    row.commission = d.commission
    row.amount = d.amount
  }
  return state
}

/** The Orders read model: a portfolio's orders in the order placed, with their outcome. */
export const OrdersProjection: Projection<OrdersState> = {
  name: 'Orders',
  init: () => ({ orders: {}, byPortfolio: {} }),
  on: ['OrderPlaced', 'FundsDebited', 'FundsCredited', 'OrderFailed'],
  apply: (state, event) => ((event.data as { orderId?: unknown }).orderId === undefined ? state : applyEvent(state, event)),
  queries: {
    Orders: {
      params: z.object({ portfolioId: z.string() }),
      run: (state, params): OrderRow[] => (state.byPortfolio[params.portfolioId as string] ?? []).map((id) => ({ ...state.orders[id] })),
    },
  },
}
