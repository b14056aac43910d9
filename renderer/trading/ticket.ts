import { dec, isDecimalText, money } from '../../domain/kernel/money.ts'
import type { OrderType, Side, TimeInForce } from '../../domain/trading/order-terms.ts'
import type { Params } from '../../main/ipc/contract.ts'

/** What the order ticket holds while the trader fills it in: text, as typed. */
export interface TicketForm {
  symbol: string
  side: Side
  quantity: string
  orderType: OrderType
  /** The limit price of a limit order, the stop price of a stop order; ignored for a market order. */
  price: string
  timeInForce: TimeInForce
}

/** A filled ticket: the PlaceOrder to send, or why it cannot be sent yet. */
export type Ticket = { ok: true; command: Params<'dispatch'> } | { ok: false; code: string; message: string }

/** The price field an order type needs, with its label; none for a market order. */
export function priceField(orderType: OrderType): { field: 'limitPrice' | 'stopPrice'; label: string } | null {
  if (orderType === 'limit') return { field: 'limitPrice', label: 'Limit price' }
  if (orderType === 'stop') return { field: 'stopPrice', label: 'Stop price' }
  return null
}

/**
 * The Portfolio's PlaceOrder for a ticket. Only what a form must settle is checked here (a whole number of
 * shares, a price where the type needs one); every business rule is the engine's, so its words reach the
 * trader unchanged (INSUFFICIENT_FUNDS, NO_QUOTE, INVALID_ORDER…).
 */
export function placeOrderCommand(form: TicketForm, portfolioId: string, orderId: string, actor: string): Ticket {
  const quantity = form.quantity.trim()
  if (!/^\d+$/.test(quantity) || /^0+$/.test(quantity)) {
    return { ok: false, code: 'INVALID_ORDER', message: 'The quantity must be a whole number of shares above zero.' }
  }
  const data: Record<string, unknown> = {
    portfolioId, orderId, symbol: form.symbol.trim().toUpperCase(), side: form.side, quantity: Number(quantity), orderType: form.orderType, timeInForce: form.timeInForce,
  }
  const wanted = priceField(form.orderType)
  if (wanted) {
    const price = form.price.trim()
    if (!price) return { ok: false, code: 'INVALID_ORDER', message: `A ${form.orderType} order needs a ${wanted.label.toLowerCase()}.` }
    data[wanted.field] = price
  }
  return { ok: true, command: { command: 'PlaceOrder', aggregate: 'Portfolio', data, actor } }
}

/**
 * What a buy would reserve, as the portfolio reckons it: quantity × reference price + commission, where the
 * reference is the limit price, else the stop price, else the current quote. Null when it cannot be told yet.
 */
export function buyEstimate(form: TicketForm, quote: string | undefined, commission: string | undefined): string | null {
  if (form.side !== 'buy' || commission === undefined) return null
  const quantity = form.quantity.trim()
  if (!/^\d+$/.test(quantity) || /^0+$/.test(quantity)) return null
  const reference = form.orderType === 'market' ? quote : form.price.trim()
  if (reference === undefined || !isDecimalText(reference) || !isDecimalText(commission)) return null
  return money(dec(reference).times(quantity).plus(commission))
}
