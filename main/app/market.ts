import prand from 'pure-rand'
import { DateTime } from 'luxon'
import { codedError, Dec, price, readCsv, toCodedError, type CodedError, type Quote } from '../../domain/kernel/index.ts'
import { checkSymbol, isPrice, PRICE_RULE } from '../../domain/trading/symbols-and-prices.ts'
import { ManualQuotes, type QuoteService } from './quotes.ts'

/** One daily bar of a price history, as data vendors export it. */
export interface DailyBar {
  date: string
  open: string
  high: string
  low: string
  close: string
  volume: number
}

const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const
function csvError(line: number, column: string, message: string): CodedError {
  return { code: 'CSV_INVALID', message: `line ${line}, column ${column}: ${message}`, details: { line, column, field: column } }
}

/** A reading of a CSV of daily bars: the bars, or the first problem (CSV_INVALID naming line and column). */
export type DailyBarsReading = { ok: true; bars: DailyBar[] } | { ok: false; error: CodedError }

/**
 * Reads a CSV of daily bars (`date,open,high,low,close,volume`, header first, columns in any order,
 * extra columns ignored). Any bad cell refuses the whole file with CSV_INVALID naming the line (as written
 * in the file: blank lines and quoted line breaks counted) and the column. Prices follow the one rule of
 * symbols-and-prices.ts (above 0, at most 6 fraction digits). Never throws.
 */
export function readDailyBars(text: string): DailyBarsReading {
  const refuse = (line: number, column: string, message: string): DailyBarsReading => ({ ok: false, error: csvError(line, column, message) })
  const reading = readCsv(text)
  if (reading.error) return refuse(reading.error.details.line, '(row)', reading.error.message.replace(/^line \d+: /, ''))
  const [head, ...body] = reading.records
  if (head === undefined) return refuse(1, '(header)', 'the file is empty')
  const header = head.cells.map((h) => h.trim().toLowerCase())
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>
  const missing = COLUMNS.find((c) => at[c] < 0)
  if (missing) return refuse(head.line, missing, `the header has no "${missing}" column (expected date,open,high,low,close,volume)`)
  const bars: DailyBar[] = []
  let previous = ''
  for (const { line, cells } of body) {
    if (cells.length !== header.length) return refuse(line, '(row)', `the row has ${cells.length} cells, the header ${header.length}`)
    const row = cells.map((c) => c.trim())
    const date = row[at.date]
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) return refuse(line, 'date', `"${date}" is not a date (YYYY-MM-DD)`)
    if (date <= previous) return refuse(line, 'date', `${date} does not come after ${previous}: bars must be in date order, one per day`)
    previous = date
    const prices: Partial<Record<'open' | 'high' | 'low' | 'close', string>> = {}
    for (const c of ['open', 'high', 'low', 'close'] as const) {
      const v = row[at[c]]
      if (!isPrice(v)) return refuse(line, c, `"${v}" is not a price: it ${PRICE_RULE}`)
      prices[c] = price(v)
    }
    const { open, high, low, close } = prices as Record<'open' | 'high' | 'low' | 'close', string>
    if (new Dec(high).lt(low)) return refuse(line, 'high', `high ${high} is below low ${low}`)
    for (const [name, v] of [['open', open], ['close', close]] as const) {
      if (new Dec(v).gt(high) || new Dec(v).lt(low)) return refuse(line, name, `${name} ${v} lies outside low ${low} – high ${high}`)
    }
    const volume = row[at.volume]
    if (!/^\d{1,15}$/.test(volume)) return refuse(line, 'volume', `"${volume}" is not a whole number of shares`)
    bars.push({ date, open, high, low, close, volume: Number(volume) })
  }
  if (bars.length === 0) return refuse(head.line + 1, 'date', 'the file has a header but no bars')
  return { ok: true, bars }
}

/** readDailyBars for callers that throw: the bars, or a thrown CSV_INVALID. */
export function parseDailyBars(text: string): DailyBar[] {
  const reading = readDailyBars(text)
  if (!reading.ok) throw codedError(reading.error.code, reading.error.message, reading.error.details)
  return reading.bars
}

/**
 * The app's simulated market (the quote service): prices set by hand, a seeded random walk that ticks
 * on the clock (same seed, same prices), and imported daily histories replayed by date.
 */
export class SimulatedMarket implements QuoteService {
  private readonly manual = new ManualQuotes()
  private rng: prand.RandomGenerator
  private readonly volatilityBasisPoints: number
  private readonly histories = new Map<string, DailyBar[]>()
  private readonly quoteListeners = new Set<(quotes: Array<Quote & { open: string }>) => void>()
  private ticking = false
  /** Each symbol's open of the day: its price when the day's first change came (or its first price). */
  private readonly opens = new Map<string, { date: string; price: string }>()

  constructor(options: { seed: number; volatilityBasisPoints?: number }) {
    this.rng = prand.xoroshiro128plus(options.seed)
    this.volatilityBasisPoints = options.volatilityBasisPoints ?? 100
  }

  get(symbol: string): Quote | undefined {
    return this.manual.get(symbol)
  }

  set(prices: Record<string, string>, at: string): string[] {
    const before = new Map(Object.keys(prices).map((symbol) => [symbol, this.manual.get(symbol)?.price]))
    const changed = this.manual.set(prices, at)
    const date = at.slice(0, 10)
    for (const symbol of changed) {
      if (this.opens.get(symbol)?.date !== date) this.opens.set(symbol, { date, price: before.get(symbol) ?? this.manual.get(symbol)!.price })
    }
    if (!this.ticking && changed.length > 0) this.tellQuotes()
    return changed
  }

  /**
   * Hears every change of the quotes (a tick that moved a price, a price set by hand), with all of them:
   * a push to the screens, not an event (a tick never grows the log). Returns the unsubscribe function.
   */
  onQuotes(listener: (quotes: Array<Quote & { open: string }>) => void): () => void {
    this.quoteListeners.add(listener)
    return () => this.quoteListeners.delete(listener)
  }

  /** Every quote with its open of the day (`open`: the price the day's change is measured from). */
  quotesWithOpen(): Array<Quote & { open: string }> {
    return this.all().map((q) => {
      const open = this.opens.get(q.symbol)
      return { ...q, open: open && open.date === q.at.slice(0, 10) ? open.price : q.price }
    })
  }

  private tellQuotes(): void {
    const quotes = this.quotesWithOpen()
    for (const listener of this.quoteListeners) {
      try {
        listener(quotes)
      } catch {
        // a listener's failure is its own; the market goes on
      }
    }
  }

  all(): Quote[] {
    return this.manual.all()
  }

  /** What went wrong for single symbols in the last tick (each skipped; the rest of the market moved on). */
  lastTickProblems: CodedError[] = []

  /**
   * One step of the market: imported histories replayed by date, then one step of the random walk for
   * every quoted symbol without an imported history, in symbol order: each price moves by a uniform draw
   * within ± the volatility, rounded to cents, never below 0.01. Each symbol is set on its own: one that
   * fails is skipped and reported in `lastTickProblems`, and never freezes the others.
   */
  tick(at: string): string[] {
    const problems: CodedError[] = []
    this.ticking = true
    const changed: string[] = []
    try {
      changed.push(...this.replay(at, problems))
      for (const quote of this.all().sort((a, b) => a.symbol.localeCompare(b.symbol))) {
        if (this.histories.has(quote.symbol)) continue
        const bp = prand.unsafeUniformIntDistribution(-this.volatilityBasisPoints, this.volatilityBasisPoints, this.rng)
        const moved = new Dec(quote.price).times(new Dec(10_000 + bp).div(10_000)).toDecimalPlaces(2)
        changed.push(...this.setEach({ [quote.symbol]: price(Dec.max(moved, '0.01')) }, at, problems))
      }
    } finally {
      this.ticking = false
    }
    this.lastTickProblems = problems
    // One push for the whole tick, with every quote.
    if (changed.length > 0) this.tellQuotes()
    return changed
  }

  /** Sets each symbol's price on its own; a refused one is added to `problems` and the others still move. */
  private setEach(prices: Record<string, string>, at: string, problems: CodedError[]): string[] {
    const changed: string[] = []
    for (const [symbol, value] of Object.entries(prices)) {
      try {
        changed.push(...this.set({ [symbol]: value }, at))
      } catch (error) {
        const problem = toCodedError(error)
        problems.push({ ...problem, details: { ...problem.details, symbol } })
      }
    }
    return changed
  }

  /** Imports a daily history for a symbol (validated whole first: nothing is imported from a bad file). */
  importBars(symbol: string, csv: string): { symbol: string; bars: number; from: string; to: string } {
    const refused = checkSymbol(symbol, 'symbol')
    if (refused) throw codedError(refused.code, refused.message, refused.details)
    const bars = parseDailyBars(csv)
    this.histories.set(symbol, bars)
    return { symbol, bars: bars.length, from: bars[0].date, to: bars[bars.length - 1].date }
  }

  /** Sets each imported symbol to the close of its last bar on or before the clock's date (one by one, see tick). */
  replay(at: string, problems: CodedError[] = []): string[] {
    const date = at.slice(0, 10)
    const next: Record<string, string> = {}
    for (const [symbol, bars] of this.histories) {
      let found: DailyBar | undefined
      for (const bar of bars) {
        if (bar.date > date) break
        found = bar
      }
      if (found) next[symbol] = found.close
    }
    return this.setEach(next, at, problems)
  }
}
