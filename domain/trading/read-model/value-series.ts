import { Dec, money, type QueryContext } from '../../kernel/index.ts'
import type { CostBasisMethod } from './cost-basis.ts'
import type { ValueBook, ValueStep } from './value-book.ts'

/** A transfer the value chart marks: money in (deposit, refund of a bounced withdrawal) or out. */
export interface TransferMark {
  kind: 'deposit' | 'withdrawal' | 'refund'
  amount: string
}

/** The portfolio at one moment: cash plus the holdings at the prices known then, and its P&L. */
export interface ValuePoint {
  at: string
  value: string
  cash: string
  /** The holdings' market value at the prices known at that moment. */
  holdings: string
  realizedPnl: string
  unrealizedPnl: string
  transfer?: TransferMark
}

/** The PortfolioValue answer: the points in time order, and what its text alternative says. */
export interface ValueSeries {
  costBasis: CostBasisMethod
  points: ValuePoint[]
  /** Moments before thinning (every step and every known price move of a held symbol). */
  moments: number
  /** Deposits and refunds less withdrawals, up to the last point. */
  netDeposits: string
  /** Realized plus unrealized P&L at the last point (its value less the net deposits). */
  gain: string
}

/** A moment as the walk finds it: the holdings' value stays a decimal until the point is kept. */
interface Moment {
  at: string
  cash: string
  holdings: Dec
  realized: string
  heldCost: string
  transfer?: TransferMark
}

/** A price a held symbol moved to from outside the log: an imported bar, a daily close, the current quote. */
interface PriceMove {
  at: string
  symbol: string
  price: string
}

/** Every daily price of the symbols ever traded, from each one's first fill until `end`, in time order. */
function priceMoves(book: ValueBook, context: QueryContext, end: string): PriceMove[] {
  const moves: PriceMove[] = []
  for (const [symbol, fills] of Object.entries(book.fills)) {
    const from = book.steps[fills[0]].at
    for (const p of context.dailyPrices?.(symbol) ?? []) {
      if (p.at > from && p.at <= end) moves.push({ at: p.at, symbol, price: p.close })
    }
  }
  return moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/** The last moment of each of `maxPoints` equal time slices, and every transfer (the chart marks them all). */
function thin(moments: Moment[], maxPoints: number): Moment[] {
  if (moments.length <= maxPoints) return moments
  const t0 = Date.parse(moments[0].at)
  const span = Math.max(1, Date.parse(moments[moments.length - 1].at) - t0)
  const slices = moments.map((m) => Math.min(maxPoints - 1, Math.floor(((Date.parse(m.at) - t0) / span) * (maxPoints - 1))))
  return moments.filter((m, i) => i === 0 || i === moments.length - 1 || m.transfer !== undefined || slices[i + 1] !== slices[i])
}

const TRANSFERS = new Set<ValueStep['kind']>(['deposit', 'withdrawal', 'refund'])

/**
 * A portfolio's value over time: cash plus every holding at the price known at each moment (its fills,
 * imported daily bars, the simulated market's daily closes; the current quotes for the last point when
 * not replaying), with deposits, withdrawals and refunds marked, and realized and unrealized P&L on the
 * same axis. The holdings' value is carried from moment to moment (a move changes one term), so the
 * walk costs a few decimal operations per moment; at most about `maxPoints` points are answered.
 */
export function valueSeriesOf(book: ValueBook, context: QueryContext, maxPoints: number): ValueSeries {
  const method: CostBasisMethod = context.settings.costBasis === 'fifo' ? 'fifo' : 'average'
  const lastStep = book.steps.at(-1)
  const horizon = context.asOf?.at ?? context.now
  const end = lastStep && lastStep.at > horizon ? lastStep.at : horizon
  const moves = priceMoves(book, context, end)
  const held = new Map<string, number>()
  const known = new Map<string, string>()
  let holdings = new Dec(0)
  let netDeposits = new Dec(0)
  let last: Moment = { at: book.opened.at, cash: '0.00', holdings, realized: '0.00', heldCost: '0.00' }
  const moments: Moment[] = [last]
  /** Values `symbol` at `price` from now on: the holdings' value moves by its shares × the change. */
  const reprice = (symbol: string, price: string) => {
    const shares = held.get(symbol) ?? 0
    const before = known.get(symbol)
    known.set(symbol, price)
    if (shares === 0 || before === price) return false
    const change = new Dec(price).minus(before ?? 0)
    if (change.isZero()) return false
    holdings = holdings.plus(change.times(shares))
    return true
  }
  /** A moment where only prices moved: the book as it was, the holdings at the new prices. */
  const pricesMoved = (at: string) => moments.push((last = { at, cash: last.cash, holdings, realized: last.realized, heldCost: last.heldCost }))
  let m = 0
  for (const step of book.steps) {
    for (; m < moves.length && moves[m].at < step.at; m++) if (reprice(moves[m].symbol, moves[m].price)) pricesMoved(moves[m].at)
    if (step.symbol !== undefined) {
      reprice(step.symbol, step.price!)
      holdings = holdings.plus(new Dec(step.price!).times(step.held! - (held.get(step.symbol) ?? 0)))
      held.set(step.symbol, step.held!)
    }
    const transfer = TRANSFERS.has(step.kind) ? { kind: step.kind as TransferMark['kind'], amount: step.amount } : undefined
    if (transfer) netDeposits = transfer.kind === 'withdrawal' ? netDeposits.minus(step.amount) : netDeposits.plus(step.amount)
    last = { at: step.at, cash: step.cash, holdings, realized: step.realized[method], heldCost: step.heldCost[method], ...(transfer ? { transfer } : {}) }
    moments.push(last)
  }
  for (; m < moves.length; m++) if (reprice(moves[m].symbol, moves[m].price)) pricesMoved(moves[m].at)
  // Now (not replaying): the current quotes, as the summary values the holdings.
  let moved = false
  if (context.asOf === undefined) for (const symbol of held.keys()) moved = reprice(symbol, context.quote(symbol)?.price ?? known.get(symbol)!) || moved
  if (moved || last.at < end) pricesMoved(end)
  const points = thin(moments, maxPoints).map((p): ValuePoint => ({
    at: p.at, value: money(p.holdings.plus(p.cash)), cash: p.cash, holdings: money(p.holdings),
    realizedPnl: p.realized, unrealizedPnl: money(p.holdings.minus(p.heldCost)), ...(p.transfer ? { transfer: p.transfer } : {}),
  }))
  const final = points[points.length - 1]
  return { costBasis: method, points, moments: moments.length, netDeposits: money(netDeposits), gain: money(new Dec(final.realizedPnl).plus(final.unrealizedPnl)) }
}
