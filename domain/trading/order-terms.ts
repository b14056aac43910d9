import { z } from 'zod'
import { Dec, price } from '../kernel/index.ts'
import { idSchema, priceSchema, quantitySchema, symbolSchema } from './command-fields.ts'

/** Buy or sell. */
export type Side = 'buy' | 'sell'
/** Market (at the quote, now), limit (at the limit or better) or stop (once the quote reaches the stop). */
export type OrderType = 'market' | 'limit' | 'stop'
/** A day order expires at the market close; a good-till-canceled order waits until it fills or is canceled. */
export type TimeInForce = 'day' | 'gtc'

/** What a trader asks for in one order: the same terms reach the portfolio and the broker. */
export interface OrderTerms {
  orderId: string
  symbol: string
  side: Side
  quantity: number
  orderType: OrderType
  limitPrice?: string
  stopPrice?: string
  timeInForce: TimeInForce
}

/** The schema fields of an order's terms, shared by Portfolio.PlaceOrder and Order.PlaceOrder. */
export const orderTermsFields = {
  orderId: idSchema,
  symbol: symbolSchema,
  side: z.enum(['buy', 'sell']),
  quantity: quantitySchema,
  orderType: z.enum(['market', 'limit', 'stop']),
  limitPrice: priceSchema.optional(),
  stopPrice: priceSchema.optional(),
  timeInForce: z.enum(['day', 'gtc']).default('day'),
}

/** Malformed terms are INVALID_ORDER rather than INVALID_COMMAND (DOMAIN.md: the specific code wins). */
export const ORDER_FIELD_CODES: Record<string, string> = {
  symbol: 'INVALID_ORDER',
  quantity: 'INVALID_ORDER',
  limitPrice: 'INVALID_ORDER',
  stopPrice: 'INVALID_ORDER',
}

/** A limit order needs a limit price, a stop order a stop price, and no order carries a price its type ignores. */
export function checkOrderPrices(order: { orderType: OrderType; limitPrice?: string; stopPrice?: string }, ctx: z.RefinementCtx): void {
  const wanted = order.orderType === 'limit' ? 'limitPrice' : order.orderType === 'stop' ? 'stopPrice' : undefined
  for (const field of ['limitPrice', 'stopPrice'] as const) {
    if (field === wanted && order[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `a ${order.orderType} order needs a ${field}` })
    } else if (field !== wanted && order[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `a ${order.orderType} order takes no ${field}` })
    }
  }
}

/** The terms of an order picked out of a larger payload: prices normalised, absent optional prices left out. */
export function orderTermsOf(data: OrderTerms): OrderTerms {
  const terms: OrderTerms = {
    orderId: data.orderId,
    symbol: data.symbol,
    side: data.side,
    quantity: data.quantity,
    orderType: data.orderType,
    timeInForce: data.timeInForce,
  }
  if (data.limitPrice !== undefined) terms.limitPrice = price(data.limitPrice)
  if (data.stopPrice !== undefined) terms.stopPrice = price(data.stopPrice)
  return terms
}

/** Whether two orders say the same thing (a repeated PlaceOrder is then a duplicate delivery, not a conflict). */
export function sameTerms(a: OrderTerms, b: OrderTerms): boolean {
  const samePrice = (x?: string, y?: string) => (x === undefined || y === undefined ? x === y : new Dec(x).equals(y))
  return a.orderId === b.orderId && a.symbol === b.symbol && a.side === b.side && a.quantity === b.quantity &&
    a.orderType === b.orderType && a.timeInForce === b.timeInForce &&
    samePrice(a.limitPrice, b.limitPrice) && samePrice(a.stopPrice, b.stopPrice)
}

/** Whether a quote lets an order trade now: market always; limit buy ≤ limit, limit sell ≥ limit; stop buy ≥ stop, stop sell ≤ stop. */
export function quoteTriggers(order: Pick<OrderTerms, 'side' | 'orderType' | 'limitPrice' | 'stopPrice'>, quote: string): boolean {
  if (order.orderType === 'market') return true
  if (order.orderType === 'limit') {
    const c = new Dec(quote).comparedTo(order.limitPrice as string)
    return order.side === 'buy' ? c <= 0 : c >= 0
  }
  const c = new Dec(quote).comparedTo(order.stopPrice as string)
  return order.side === 'buy' ? c >= 0 : c <= 0
}
