import { bucketGet, bucketSet, bucketValues, Dec, type Buckets, type DomainEvent } from '../kernel/index.ts'
import type { LoyaltyLevel } from './loyalty.ts'
import type { OrderTerms, Side } from './order-terms.ts'

/** An order as the portfolio remembers it: its terms, the cash set aside for a buy, and how it ended. */
interface PortfolioOrder extends OrderTerms {
  /** The buy's estimate held in reservedCash while the order is active ("0.00" for a sell). */
  estimate: string
  status: 'active' | 'filled' | 'failed'
}

/** A position in one stock: every share owned, and how many of them are set aside for open sell orders. */
interface Holding {
  quantity: number
  reserved: number
}

/** A transfer the portfolio took part in, remembered so a repeated delivery changes nothing. */
interface PortfolioTransfer {
  direction: 'deposit' | 'withdrawal'
  amount: string
  destination?: string
  refunded: boolean
}

/** The Portfolio aggregate's state: what its decisions need, nothing more. `null` until it is opened. */
export interface PortfolioState {
  portfolioId: string
  name: string
  owner: string | null
  status: 'open' | 'closed'
  cash: string
  reservedCash: string
  holdings: Record<string, Holding>
  /** The last fill price per symbol: what a holding is worth when the symbol has no quote. */
  lastPrices: Record<string, string>
  loyaltyLevel: LoyaltyLevel
  /** Every order placed, by id (see orderOf); the active ones are those with status `active`. */
  orders: Buckets<PortfolioOrder>
  /** Every transfer, by id (see transferOf). */
  transfers: Buckets<PortfolioTransfer>
}

/** An order the portfolio placed, by id. */
export function orderOf(state: PortfolioState, orderId: string): PortfolioOrder | undefined {
  return bucketGet(state.orders, orderId)
}

/** A transfer the portfolio took part in, by id. */
export function transferOf(state: PortfolioState, transferId: string): PortfolioTransfer | undefined {
  return bucketGet(state.transfers, transferId)
}

/** The data of a trade's money event (FundsDebited / FundsCredited with an orderId): a trade confirmation. */
export interface TradeFunds {
  orderId: string
  symbol: string
  side: Side
  quantity: number
  price: string
  commission: string
  amount: string
}

const plus = (a: string, b: string): string => new Dec(a).plus(b).toFixed(2)
const minus = (a: string, b: string): string => new Dec(a).minus(b).toFixed(2)

function withHolding(state: PortfolioState, symbol: string, change: (h: Holding) => Holding): PortfolioState {
  const next = change(state.holdings[symbol] ?? { quantity: 0, reserved: 0 })
  const holdings = { ...state.holdings }
  if (next.quantity === 0 && next.reserved === 0) delete holdings[symbol]
  else holdings[symbol] = next
  return { ...state, holdings }
}

function withOrder(state: PortfolioState, orderId: string, status: PortfolioOrder['status']): PortfolioState {
  return { ...state, orders: bucketSet(state.orders, orderId, { ...orderOf(state, orderId)!, status }) }
}

/** A trade's money event: cash moves, the order is done, a buy's reservation is released, a sell's shares leave. */
function settleTrade(state: PortfolioState, trade: TradeFunds, cash: string): PortfolioState {
  const order = orderOf(state, trade.orderId)!
  let next: PortfolioState = { ...withOrder(state, trade.orderId, 'filled'), cash, lastPrices: { ...state.lastPrices, [trade.symbol]: trade.price } }
  if (order.side === 'buy') next = { ...next, reservedCash: minus(next.reservedCash, order.estimate) }
  else next = withHolding(next, trade.symbol, (h) => ({ quantity: h.quantity - trade.quantity, reserved: h.reserved - trade.quantity }))
  return next
}

/** Folds one Portfolio event into the state. */
export function evolvePortfolio(state: PortfolioState | null, event: DomainEvent): PortfolioState | null {
  const d = event.data as Record<string, any>
  if (event.type === 'PortfolioOpened') {
    return {
      portfolioId: d.portfolioId, name: d.name, owner: d.owner ?? null, status: 'open', cash: '0.00', reservedCash: '0.00',
      holdings: {}, lastPrices: {}, loyaltyLevel: d.loyaltyLevel, orders: {}, transfers: {},
    }
  }
  if (state === null) return state
  switch (event.type) {
    case 'FundsCredited':
      if (d.orderId !== undefined) return settleTrade(state, d as TradeFunds, plus(state.cash, d.amount))
      return { ...state, cash: plus(state.cash, d.amount), transfers: bucketSet(state.transfers, d.transferId, { direction: 'deposit', amount: d.amount, refunded: false }) }
    case 'FundsDebited':
      if (d.orderId !== undefined) return settleTrade(state, d as TradeFunds, minus(state.cash, d.amount))
      return {
        ...state, cash: minus(state.cash, d.amount),
        transfers: bucketSet(state.transfers, d.transferId, { direction: 'withdrawal', amount: d.amount, destination: d.destination, refunded: false }),
      }
    case 'RefundAccepted':
      return { ...state, cash: plus(state.cash, d.amount), transfers: bucketSet(state.transfers, d.transferId, { ...transferOf(state, d.transferId)!, refunded: true }) }
    case 'OrderPlaced': {
      const { portfolioId: _p, estimate = '0.00', ...terms } = d
      const order: PortfolioOrder = { ...(terms as OrderTerms), estimate, status: 'active' }
      return { ...state, reservedCash: plus(state.reservedCash, estimate), orders: bucketSet(state.orders, order.orderId, order) }
    }
    case 'SharesDebited':
      return withHolding(state, d.symbol, (h) => ({ ...h, reserved: h.reserved + d.quantity }))
    case 'SharesCredited':
      // A buy's fill adds shares; a failed sell's shares come back from the reservation.
      if (orderOf(state, d.orderId)?.side === 'buy') return withHolding(state, d.symbol, (h) => ({ ...h, quantity: h.quantity + d.quantity }))
      return withHolding(state, d.symbol, (h) => ({ ...h, reserved: h.reserved - d.quantity }))
    case 'OrderFailed': {
      const order = orderOf(state, d.orderId)!
      return { ...withOrder(state, d.orderId, 'failed'), reservedCash: minus(state.reservedCash, order.estimate) }
    }
    case 'LoyaltyLevelChanged':
      return { ...state, loyaltyLevel: d.to }
    case 'PortfolioClosed':
      return { ...state, status: 'closed' }
    default:
      return state
  }
}

/** Orders still waiting for the broker's answer. */
export function activeOrders(state: PortfolioState): PortfolioOrder[] {
  return bucketValues(state.orders).filter((o) => o.status === 'active')
}

/** Cash not set aside for open buy orders (negative when the portfolio is overdrawn). */
export function availableCash(state: PortfolioState): Dec {
  return new Dec(state.cash).minus(state.reservedCash)
}

/** Shares of a symbol that a new sell order may still take. */
export function freeShares(state: PortfolioState, symbol: string): number {
  const holding = state.holdings[symbol]
  return holding === undefined ? 0 : holding.quantity - holding.reserved
}
