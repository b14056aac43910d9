import prand from 'pure-rand'
import { codedError, Dec, price, toCodedError, type CodedError, type Quote } from '../../domain/kernel/index.ts'
import { checkSymbol } from '../../domain/trading/symbols-and-prices.ts'
import { barProblemError, readVendorBars, STORED_COLUMNS, type DailyBar } from './daily-bars.ts'
import { ManualQuotes, type QuoteService } from './quotes.ts'

export type { DailyBar } from './daily-bars.ts'

/** A reading of a CSV of daily bars: the bars, or the first problem (CSV_INVALID naming line and column). */
export type DailyBarsReading = { ok: true; bars: DailyBar[] } | { ok: false; error: CodedError }

/**
 * Reads a CSV of daily bars in Stormbook's own layout (`date,open,high,low,close,volume`, header first,
 * columns in any order, extra columns ignored): readVendorBars with that mapping. Any bad cell refuses the
 * whole file with CSV_INVALID naming the first line (as written in the file) and column. Never throws.
 */
export function readDailyBars(text: string): DailyBarsReading {
  const reading = readVendorBars(text, STORED_COLUMNS, 'BARS')
  if (reading.problems.length > 0) return { ok: false, error: barProblemError(reading.problems[0]) }
  return { ok: true, bars: reading.bySymbol.BARS }
}

/** readDailyBars for callers that throw: the bars, or a thrown CSV_INVALID. */
export function parseDailyBars(text: string): DailyBar[] {
  const reading = readDailyBars(text)
  if (!reading.ok) throw codedError(reading.error.code, reading.error.message, reading.error.details)
  return reading.bars
}

/** Where the replayed day is kept between sessions (market/replay.json for a workspace; nowhere in tests). */
export interface ReplayDayStore {
  load(): string | null
  save(day: string | null): void
}

/**
 * The app's simulated market (the quote service): prices set by hand, a seeded random walk that ticks
 * on the clock (same seed, same prices), and imported daily histories replayed by date.
 */
export class SimulatedMarket implements QuoteService {
  private readonly manual = new ManualQuotes()
  private rng: prand.RandomGenerator
  private readonly volatilityBasisPoints: number
  private readonly historyBars = new Map<string, DailyBar[]>()
  private readonly quoteListeners = new Set<(quotes: Array<Quote & { open: string }>) => void>()
  private ticking = false
  /** Each symbol's open of the day: its price when the day's first change came (or its first price). */
  private readonly opens = new Map<string, { date: string; price: string }>()

  /** Day-by-day replay of the imported histories: the day shown (null: before the first), or off. */
  private replaying: { day: string | null } | null = null

  private readonly replayDayStore: ReplayDayStore | undefined

  constructor(options: { seed: number; volatilityBasisPoints?: number; replayDayStore?: ReplayDayStore }) {
    this.rng = prand.xoroshiro128plus(options.seed)
    this.volatilityBasisPoints = options.volatilityBasisPoints ?? 100
    this.replayDayStore = options.replayDayStore
  }

  /** Starts the random walk again from `seed` (the walk from here on is the same for the same seed). */
  reseed(seed: number): void {
    this.rng = prand.xoroshiro128plus(seed)
  }

  /**
   * Turns day-by-day replay on (from the day kept from the last session, else from before the first
   * imported day: each tick then plays the next day of the imported bars, and the random walk holds still)
   * or off (histories follow the clock's date again, and the kept day is forgotten).
   */
  setReplay(on: boolean): void {
    if (on === (this.replaying !== null)) return
    if (!on) {
      this.replaying = null
      this.replayDayStore?.save(null)
      return
    }
    const kept = this.replayDayStore?.load() ?? null
    this.replaying = { day: kept !== null && this.replayDays().includes(kept) ? kept : null }
  }

  /** Where replay stands: on or off, the day played last, and the imported days' range and count. */
  replayState(): { on: boolean; day: string | null; from: string | null; to: string | null; days: number } {
    const days = this.replayDays()
    return { on: this.replaying !== null, day: this.replaying?.day ?? null, from: days[0] ?? null, to: days.at(-1) ?? null, days: days.length }
  }

  /** The imported histories: each symbol with its bars' first and last day. */
  histories(): Array<{ symbol: string; bars: number; from: string; to: string }> {
    return [...this.historyBars].map(([symbol, bars]) => ({ symbol, bars: bars.length, from: bars[0].date, to: bars[bars.length - 1].date })).sort((a, b) => a.symbol.localeCompare(b.symbol))
  }

  /** Every day any imported history has a bar for, in order. */
  private replayDays(): string[] {
    const days = new Set<string>()
    for (const bars of this.historyBars.values()) for (const bar of bars) days.add(bar.date)
    return [...days].sort()
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
      if (this.replaying) {
        const day = this.replayDays().find((d) => this.replaying!.day === null || d > this.replaying!.day) ?? this.replaying.day
        if (day !== this.replaying.day) this.replayDayStore?.save(day)
        this.replaying.day = day
      }
      changed.push(...this.replay(at, problems))
      // While replaying, only the imported histories move.
      for (const quote of this.replaying ? [] : this.all().sort((a, b) => a.symbol.localeCompare(b.symbol))) {
        if (this.historyBars.has(quote.symbol)) continue
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
    this.historyBars.set(symbol, bars)
    return { symbol, bars: bars.length, from: bars[0].date, to: bars[bars.length - 1].date }
  }

  /** Sets each imported symbol to the close of its last bar on or before the clock's date, or the replayed day (one by one, see tick). */
  replay(at: string, problems: CodedError[] = []): string[] {
    const date = this.replaying ? (this.replaying.day ?? '') : at.slice(0, 10)
    const next: Record<string, string> = {}
    for (const [symbol, bars] of this.historyBars) {
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
