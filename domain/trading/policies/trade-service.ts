import { price, type EventEnvelope, type Policy, type PolicyContext, type ReactionCommand } from '../../kernel/index.ts'
import { dayOrderExpired } from './market-close.ts'
import type { PendingOrder } from '../read-model/order-book.ts'
import { quoteTriggers } from '../order-terms.ts'

function pendingOrders(context: PolicyContext, symbol?: string): PendingOrder[] {
  return context.query('PendingOrders', symbol === undefined ? {} : { symbol }) as PendingOrder[]
}

/** The custodian's answer to one pending order at the current quote: a fill, a cancel for want of a quote, or nothing yet. */
function answer(order: PendingOrder, context: PolicyContext): ReactionCommand[] {
  const quote = context.quote(order.symbol)
  if (quote === undefined) {
    return order.orderType === 'market' ? [{ command: 'CancelOrder', data: { orderId: order.orderId, reason: 'no_quote' } }] : []
  }
  if (!quoteTriggers(order, quote.price)) return []
  return [{ command: 'CompleteOrder', data: { orderId: order.orderId, price: price(quote.price), quantity: order.quantity } }]
}

/**
 * The trade service (pink sticky: a simulated custodian). A market order trades at once at the quote;
 * a limit or stop order trades at the quote as soon as the quote meets its condition; a day order still
 * pending at the market close is canceled as expired.
 */
export const TradeService: Policy = {
  name: 'TradeService',
  kind: 'external',
  on: ['OrderReceived'],
  react(event: EventEnvelope, context: PolicyContext): ReactionCommand[] {
    const { orderId, symbol } = event.data as { orderId: string; symbol: string }
    // Only while the broker still holds it: a redelivered OrderReceived answers nothing twice.
    const order = pendingOrders(context, symbol).find((o) => o.orderId === orderId)
    return order === undefined ? [] : answer(order, context)
  },
  onMarket(symbols: readonly string[], context: PolicyContext): ReactionCommand[] {
    // Time priority: every triggered order, in the order the broker received them.
    return pendingOrders(context)
      .filter((order) => symbols.includes(order.symbol) && context.quote(order.symbol) !== undefined)
      .flatMap((order) => answer(order, context))
  },
  onClock(_previous: string, context: PolicyContext): ReactionCommand[] {
    return pendingOrders(context)
      .filter((order) => order.timeInForce === 'day' && dayOrderExpired(order.placedAt, context.now))
      .map((order) => ({ command: 'CancelOrder', data: { orderId: order.orderId, reason: 'expired' } }))
  },
}
