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

/** A moment of the series: a step of the book, or prices of held symbols that moved. */
interface Moment {
  at: string
  step?: ValueStep
  moved?: Array<[symbol: string, price: string]>
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

/** Which moments are answered: the last of each of `maxPoints` equal time slices, the first, and every transfer (the chart marks them all). */
function kept(moments: Moment[], maxPoints: number): boolean[] {
  if (moments.length <= maxPoints) return moments.map(() => true)
  const t0 = Date.parse(moments[0].at)
  const span = Math.max(1, Date.parse(moments[moments.length - 1].at) - t0)
  const slices = moments.map((m) => Math.min(maxPoints - 1, Math.floor(((Date.parse(m.at) - t0) / span) * (maxPoints - 1))))
  return moments.map((m, i) => i === 0 || i === moments.length - 1 || (m.step !== undefined && TRANSFERS.has(m.step.kind)) || slices[i + 1] !== slices[i])
}

/** A decimal as money text, as the kernel's `money` writes it (half-even to cents, never "-0.00"), in one rounding. */
function cents(value: Dec): string {
  const text = value.toFixed(2)
  return text === '-0.00' ? '0.00' : text
}

const TRANSFERS = new Set<ValueStep['kind']>(['deposit', 'withdrawal', 'refund'])

/**
 * The moments of a portfolio's book in time order: every step, and every price known from outside the
 * log that moved a held symbol (and, not replaying, the current quotes at the end). Plain text and
 * numbers only: no decimal is computed here.
 */
function momentsOf(book: ValueBook, context: QueryContext): Moment[] {
  const lastStep = book.steps.at(-1)
  const horizon = context.asOf?.at ?? context.now
  const end = lastStep && lastStep.at > horizon ? lastStep.at : horizon
  const moves = priceMoves(book, context, end)
  const held = new Map<string, number>()
  const known = new Map<string, string>()
  /** Whether a price moves a held symbol's value (prices are compared as decimals only when their text differs). */
  const revalues = (symbol: string, price: string) => {
    const before = known.get(symbol)
    known.set(symbol, price)
    return (held.get(symbol) ?? 0) !== 0 && before !== price && !new Dec(price).equals(before ?? 0)
  }
  const moments: Moment[] = [{ at: book.opened.at }]
  let m = 0
  const movesUntil = (at: string | undefined) => {
    for (; m < moves.length && (at === undefined || moves[m].at < at); m++) {
      if (revalues(moves[m].symbol, moves[m].price)) moments.push({ at: moves[m].at, moved: [[moves[m].symbol, moves[m].price]] })
    }
  }
  for (const step of book.steps) {
    movesUntil(step.at)
    if (step.symbol !== undefined) {
      known.set(step.symbol, step.price!)
      held.set(step.symbol, step.held!)
    }
    moments.push({ at: step.at, step })
  }
  movesUntil(undefined)
  // Now (not replaying): the current quotes, as the summary values the holdings.
  const quoted: Array<[string, string]> = []
  if (context.asOf === undefined) {
    for (const symbol of held.keys()) {
      const quote = context.quote(symbol)?.price
      if (quote !== undefined && revalues(symbol, quote)) quoted.push([symbol, quote])
    }
  }
  if (quoted.length > 0 || moments[moments.length - 1].at < end) moments.push({ at: end, moved: quoted })
  return moments
}

/**
 * A portfolio's value over time: cash plus every holding at the price known at each moment (its fills,
 * imported daily bars, the simulated market's daily closes; the current quotes for the last point when
 * not replaying), with deposits, withdrawals and refunds marked, and realized and unrealized P&L on the
 * same axis. About `maxPoints` points are answered, and only they cost decimal arithmetic: between two,
 * the walk keeps shares and prices as they come and revalues only the symbols that changed.
 */
export function valueSeriesOf(book: ValueBook, context: QueryContext, maxPoints: number): ValueSeries {
  const method: CostBasisMethod = context.settings.costBasis === 'fifo' ? 'fifo' : 'average'
  const moments = momentsOf(book, context)
  const keep = kept(moments, maxPoints)
  const held = new Map<string, number>()
  const known = new Map<string, string>()
  const values = new Map<string, Dec>()
  const changed = new Set<string>()
  let holdings = new Dec(0)
  let netDeposits = new Dec(0)
  let latest: Pick<ValueStep, 'cash' | 'realized' | 'heldCost'> = { cash: '0.00', realized: { average: '0.00', fifo: '0.00' }, heldCost: { average: '0.00', fifo: '0.00' } }
  const points: ValuePoint[] = []
  // Each price's text is read into a decimal once (a few hundred distinct prices, thousands of points).
  const parsed = new Map<string, Dec>()
  const decimal = (text: string) => parsed.get(text) ?? parsed.set(text, new Dec(text)).get(text)!
  moments.forEach((moment, i) => {
    const step = moment.step
    for (const [symbol, price] of moment.moved ?? []) {
      known.set(symbol, price)
      changed.add(symbol)
    }
    let transfer: TransferMark | undefined
    if (step !== undefined) {
      latest = step
      if (step.symbol !== undefined) {
        known.set(step.symbol, step.price!)
        held.set(step.symbol, step.held!)
        changed.add(step.symbol)
      } else {
        transfer = { kind: step.kind as TransferMark['kind'], amount: step.amount }
        netDeposits = transfer.kind === 'withdrawal' ? netDeposits.minus(step.amount) : netDeposits.plus(step.amount)
      }
    }
    if (!keep[i]) return
    for (const symbol of changed) {
      const value = decimal(known.get(symbol)!).times(held.get(symbol)!)
      holdings = holdings.plus(value.minus(values.get(symbol) ?? 0))
      values.set(symbol, value)
    }
    changed.clear()
    points.push({
      at: moment.at, value: cents(holdings.plus(latest.cash)), cash: latest.cash, holdings: cents(holdings),
      realizedPnl: latest.realized[method], unrealizedPnl: cents(holdings.minus(latest.heldCost[method])), ...(transfer ? { transfer } : {}),
    })
  })
  const final = points[points.length - 1]
  return { costBasis: method, points, moments: moments.length, netDeposits: money(netDeposits), gain: money(new Dec(final.realizedPnl).plus(final.unrealizedPnl)) }
}
