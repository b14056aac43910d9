import { z } from 'zod'
import { formatCurrency } from '../kernel/money-format.ts'
import { Dec, money, price, reject, type AggregateDefinition, type DecideContext, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { commissionFor, loyaltyLevelFor } from './loyalty.ts'
import { checkOrderPrices, ORDER_FIELD_CODES, orderTermsFields, orderTermsOf, sameTerms, type OrderTerms } from './order-terms.ts'
import { activeOrders, availableCash, evolvePortfolio, freeShares, orderOf, transferOf, type PortfolioState, type TradeFunds } from './portfolio-state.ts'
import { amountSchema, idSchema, priceSchema, quantitySchema, textSchema } from './command-fields.ts'

const schemas = {
  OpenPortfolio: z.strictObject({ portfolioId: idSchema, name: textSchema, owner: textSchema.optional() }),
  ReceiveFunds: z.strictObject({ portfolioId: idSchema, transferId: idSchema, amount: amountSchema }),
  SendFunds: z.strictObject({ portfolioId: idSchema, transferId: idSchema, amount: amountSchema, destination: textSchema }),
  AcceptRefund: z.strictObject({ portfolioId: idSchema, transferId: idSchema, amount: amountSchema }),
  PlaceOrder: z.strictObject({ portfolioId: idSchema, ...orderTermsFields }).superRefine(checkOrderPrices),
  ProcessTrade: z.strictObject({ portfolioId: idSchema, orderId: idSchema, price: priceSchema, quantity: quantitySchema }),
  AcknowledgeOrderFailure: z.strictObject({ portfolioId: idSchema, orderId: idSchema, reason: z.enum(['canceled', 'no_quote', 'expired']) }),
  ClosePortfolio: z.strictObject({ portfolioId: idSchema }),
}
type Data<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>

/** What the portfolio is worth now: cash plus every holding at its quote, or at its last fill price without one. */
function totalValue(state: PortfolioState, context: Pick<DecideContext, 'quote'>): Dec {
  let total = new Dec(state.cash)
  for (const [symbol, holding] of Object.entries(state.holdings)) {
    const at = context.quote(symbol)?.price ?? state.lastPrices[symbol] ?? '0'
    total = total.plus(new Dec(at).times(holding.quantity))
  }
  return total
}

/** Appends LoyaltyLevelChanged when the events carry the total value across a tier (after every trade and transfer). */
function withLoyalty(state: PortfolioState, events: DomainEvent[], context: DecideContext): DomainEvent[] {
  const after = events.reduce<PortfolioState>((s, e) => evolvePortfolio(s, e) as PortfolioState, state)
  const to = loyaltyLevelFor(totalValue(after, context))
  return to === state.loyaltyLevel ? events : [...events, { type: 'LoyaltyLevelChanged', data: { from: state.loyaltyLevel, to } }]
}

function receiveFunds(c: Data<'ReceiveFunds'>, s: PortfolioState, context: DecideContext): DomainEvent[] | Rejection {
  const known = transferOf(s, c.transferId)
  if (known) {
    return known.direction === 'deposit' && new Dec(known.amount).equals(c.amount)
      ? []
      : reject('DUPLICATE_TRANSFER', `transfer ${c.transferId} is already booked with other details`, { transferId: c.transferId })
  }
  if (s.status === 'closed') return reject('PORTFOLIO_CLOSED', `portfolio ${s.portfolioId} is closed`)
  return withLoyalty(s, [{ type: 'FundsCredited', data: { transferId: c.transferId, amount: money(c.amount) } }], context)
}

function sendFunds(c: Data<'SendFunds'>, s: PortfolioState, context: DecideContext): DomainEvent[] | Rejection {
  const known = transferOf(s, c.transferId)
  if (known) {
    return known.direction === 'withdrawal' && new Dec(known.amount).equals(c.amount) && known.destination === c.destination
      ? []
      : reject('DUPLICATE_TRANSFER', `transfer ${c.transferId} is already booked with other details`, { transferId: c.transferId })
  }
  if (s.status === 'closed') return reject('PORTFOLIO_CLOSED', `portfolio ${s.portfolioId} is closed`)
  const available = availableCash(s)
  if (new Dec(c.amount).gt(available)) {
    return reject('INSUFFICIENT_FUNDS', `cannot send ${formatCurrency(money(c.amount))}: only ${formatCurrency(money(available))} is available`, { amount: money(c.amount), availableCash: money(available) })
  }
  return withLoyalty(s, [{ type: 'FundsDebited', data: { transferId: c.transferId, amount: money(c.amount), destination: c.destination } }], context)
}

function acceptRefund(c: Data<'AcceptRefund'>, s: PortfolioState, context: DecideContext): DomainEvent[] | Rejection {
  const sent = transferOf(s, c.transferId)
  if (!sent || sent.direction !== 'withdrawal') return reject('UNKNOWN_TRANSFER', `portfolio ${s.portfolioId} sent no transfer ${c.transferId}`)
  if (sent.refunded) return []
  if (new Dec(c.amount).gt(sent.amount)) {
    return reject('INVALID_AMOUNT', `a refund of ${formatCurrency(money(c.amount))} exceeds the ${formatCurrency(sent.amount)} sent`, { field: 'amount', sent: sent.amount })
  }
  return withLoyalty(s, [{ type: 'RefundAccepted', data: { transferId: c.transferId, amount: money(c.amount) } }], context)
}

function placeOrder(c: Data<'PlaceOrder'>, s: PortfolioState, context: DecideContext): DomainEvent[] | Rejection {
  const known = orderOf(s, c.orderId)
  if (known) return sameTerms(known, c as OrderTerms) ? [] : reject('DUPLICATE_ORDER', `order ${c.orderId} was placed with other terms`, { orderId: c.orderId })
  if (s.status === 'closed') return reject('PORTFOLIO_CLOSED', `portfolio ${s.portfolioId} is closed`)
  const placed = { portfolioId: s.portfolioId, ...orderTermsOf(c as OrderTerms) }
  if (c.side === 'sell') {
    const free = freeShares(s, c.symbol)
    if (c.quantity > free) {
      return reject('INSUFFICIENT_SHARES', `cannot sell ${c.quantity} ${c.symbol}: ${free} free`, { symbol: c.symbol, quantity: c.quantity, free })
    }
    return [{ type: 'OrderPlaced', data: placed }, { type: 'SharesDebited', data: { orderId: c.orderId, symbol: c.symbol, quantity: c.quantity } }]
  }
  // Reference price of a buy's estimate: the limit price, else the stop price, else the current quote.
  const reference = c.limitPrice ?? c.stopPrice ?? context.quote(c.symbol)?.price
  if (reference === undefined) return reject('NO_QUOTE', `${c.symbol} has no quote to price a market buy`, { symbol: c.symbol })
  const estimate = money(new Dec(reference).times(c.quantity).plus(commissionFor(s.loyaltyLevel)))
  const available = availableCash(s)
  if (new Dec(estimate).gt(available)) {
    return reject('INSUFFICIENT_FUNDS', `the order needs an estimated ${formatCurrency(estimate)}: only ${formatCurrency(money(available))} is available`, { estimate, availableCash: money(available) })
  }
  return [{ type: 'OrderPlaced', data: { ...placed, estimate } }]
}

function processTrade(c: Data<'ProcessTrade'>, s: PortfolioState, context: DecideContext): DomainEvent[] | Rejection {
  const order = orderOf(s, c.orderId)
  if (!order || order.status !== 'active') return []
  if (c.quantity !== order.quantity) {
    return reject('QUANTITY_MISMATCH', `order ${c.orderId} is for ${order.quantity} shares, not ${c.quantity}`, { ordered: order.quantity, filled: c.quantity })
  }
  const commission = commissionFor(s.loyaltyLevel)
  const gross = new Dec(c.price).times(c.quantity)
  const trade = { orderId: c.orderId, symbol: order.symbol, side: order.side, quantity: c.quantity, price: price(c.price), commission }
  if (order.side === 'buy') {
    const funds: TradeFunds = { ...trade, amount: money(gross.plus(commission)) }
    return withLoyalty(s, [{ type: 'FundsDebited', data: { ...funds } }, { type: 'SharesCredited', data: { orderId: c.orderId, symbol: order.symbol, quantity: c.quantity } }], context)
  }
  // A sale whose proceeds do not cover the commission costs money: it is booked as a debit.
  const net = gross.minus(commission)
  const funds: TradeFunds = { ...trade, amount: money(net.abs()) }
  return withLoyalty(s, [{ type: net.isNegative() ? 'FundsDebited' : 'FundsCredited', data: { ...funds } }], context)
}

function acknowledgeOrderFailure(c: Data<'AcknowledgeOrderFailure'>, s: PortfolioState): DomainEvent[] {
  const order = orderOf(s, c.orderId)
  if (!order || order.status !== 'active') return []
  const failed: DomainEvent = { type: 'OrderFailed', data: { orderId: c.orderId, reason: c.reason } }
  if (order.side === 'buy') return [failed]
  return [failed, { type: 'SharesCredited', data: { orderId: c.orderId, symbol: order.symbol, quantity: order.quantity } }]
}

function closePortfolio(s: PortfolioState): DomainEvent[] | Rejection {
  if (s.status === 'closed') return []
  const holdings = Object.keys(s.holdings).filter((symbol) => s.holdings[symbol].quantity > 0)
  const active = activeOrders(s).length
  if (!new Dec(s.cash).isZero() || holdings.length > 0 || active > 0) {
    return reject('PORTFOLIO_NOT_EMPTY', `portfolio ${s.portfolioId} still holds cash ${formatCurrency(s.cash)}, ${holdings.length} holdings and ${active} active orders`, { cash: s.cash, holdings, activeOrders: active })
  }
  return [{ type: 'PortfolioClosed', data: { portfolioId: s.portfolioId } }]
}

/** Decides one Portfolio command: the rows of DOMAIN.md's Portfolio table. */
function decidePortfolio(command: { type: string; data: Record<string, unknown> }, state: PortfolioState | null, context: DecideContext): DomainEvent[] | Rejection {
  const data = command.data as any
  if (command.type === 'OpenPortfolio') {
    if (state !== null) return reject('PORTFOLIO_EXISTS', `portfolio ${data.portfolioId} already exists`)
    return [{ type: 'PortfolioOpened', data: { portfolioId: data.portfolioId, name: data.name, owner: data.owner ?? null, loyaltyLevel: 'basic' } }]
  }
  if (state === null) return reject('UNKNOWN_PORTFOLIO', `no portfolio ${data.portfolioId}`)
  switch (command.type) {
    case 'ReceiveFunds': return receiveFunds(data, state, context)
    case 'SendFunds': return sendFunds(data, state, context)
    case 'AcceptRefund': return acceptRefund(data, state, context)
    case 'PlaceOrder': return placeOrder(data, state, context)
    case 'ProcessTrade': return processTrade(data, state, context)
    case 'AcknowledgeOrderFailure': return acknowledgeOrderFailure(data, state)
    case 'ClosePortfolio': return closePortfolio(state)
    default: throw new Error(`Portfolio has no command ${command.type}`)
  }
}

const byPortfolio = (data: Record<string, unknown>) => data.portfolioId as string
const amountCodes = { amount: 'INVALID_AMOUNT' }

/**
 * The Portfolio aggregate: a trader's cash, holdings, open orders and loyalty level. Money and shares come
 * in only through policies and the simulated external systems (ReceiveFunds, AcceptRefund, ProcessTrade,
 * AcknowledgeOrderFailure are policy-only): an actor cannot credit a portfolio by saying so.
 */
export const Portfolio: AggregateDefinition<PortfolioState | null> = {
  name: 'Portfolio',
  // 2: orders and transfers kept in buckets (see Buckets), so a fill copies one bucket, not every order.
  version: 2,
  decider: { initialState: null, decide: decidePortfolio, evolve: evolvePortfolio },
  commands: {
    OpenPortfolio: { schema: schemas.OpenPortfolio, id: byPortfolio },
    ReceiveFunds: { schema: schemas.ReceiveFunds, id: byPortfolio, policyOnly: true, fieldCodes: amountCodes },
    SendFunds: { schema: schemas.SendFunds, id: byPortfolio, fieldCodes: amountCodes },
    AcceptRefund: { schema: schemas.AcceptRefund, id: byPortfolio, policyOnly: true, fieldCodes: amountCodes },
    PlaceOrder: { schema: schemas.PlaceOrder, id: byPortfolio, fieldCodes: ORDER_FIELD_CODES },
    ProcessTrade: { schema: schemas.ProcessTrade, id: byPortfolio, policyOnly: true },
    AcknowledgeOrderFailure: { schema: schemas.AcknowledgeOrderFailure, id: byPortfolio, policyOnly: true },
    ClosePortfolio: { schema: schemas.ClosePortfolio, id: byPortfolio },
  },
}
