import { parse } from 'csv-parse/sync'
import prand from 'pure-rand'
import { DateTime } from 'luxon'
import { Dec, price, type Quote } from '../../domain/kernel/index.ts'
import { StormbookError } from '../store/errors.ts'
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
const DECIMAL = /^\d+(\.\d+)?$/

function csvError(line: number, column: string, message: string): StormbookError {
  return new StormbookError('CSV_INVALID', `line ${line}, column ${column}: ${message}`, { line, column, field: column })
}

/**
 * Reads a CSV of daily bars (`date,open,high,low,close,volume`, header first, columns in any order,
 * extra columns ignored). Any bad cell refuses the whole file with CSV_INVALID naming line and column.
 */
export function parseDailyBars(text: string): DailyBar[] {
  let rows: string[][]
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false, bom: true }) as string[][]
  } catch (error) {
    const e = error as { lines?: number; message: string }
    throw csvError(e.lines ?? 1, '(row)', e.message)
  }
  if (rows.length === 0) throw csvError(1, '(header)', 'the file is empty')
  const header = rows[0].map((h) => h.toLowerCase())
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>
  const missing = COLUMNS.find((c) => at[c] < 0)
  if (missing) throw csvError(1, missing, `the header has no "${missing}" column (expected date,open,high,low,close,volume)`)
  const bars: DailyBar[] = []
  let previous = ''
  rows.slice(1).forEach((row, i) => {
    const line = i + 2
    const date = row[at.date]
    if (!DateTime.fromISO(date, { zone: 'utc' }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw csvError(line, 'date', `"${date}" is not a date (YYYY-MM-DD)`)
    if (date <= previous) throw csvError(line, 'date', `${date} does not come after ${previous}: bars must be in date order, one per day`)
    previous = date
    const cell = (c: 'open' | 'high' | 'low' | 'close') => {
      const v = row[at[c]]
      if (!DECIMAL.test(v) || new Dec(v).lte(0)) throw csvError(line, c, `"${v}" is not a positive decimal price`)
      return price(v)
    }
    const [open, high, low, close] = [cell('open'), cell('high'), cell('low'), cell('close')]
    if (new Dec(high).lt(low)) throw csvError(line, 'high', `high ${high} is below low ${low}`)
    for (const [name, v] of [['open', open], ['close', close]] as const) {
      if (new Dec(v).gt(high) || new Dec(v).lt(low)) throw csvError(line, name, `${name} ${v} lies outside low ${low} – high ${high}`)
    }
    const volume = row[at.volume]
    if (!/^\d+$/.test(volume)) throw csvError(line, 'volume', `"${volume}" is not a whole number of shares`)
    bars.push({ date, open, high, low, close, volume: Number(volume) })
  })
  if (bars.length === 0) throw csvError(2, 'date', 'the file has a header but no bars')
  return bars
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

  constructor(options: { seed: number; volatilityBasisPoints?: number }) {
    this.rng = prand.xoroshiro128plus(options.seed)
    this.volatilityBasisPoints = options.volatilityBasisPoints ?? 100
  }

  get(symbol: string): Quote | undefined {
    return this.manual.get(symbol)
  }

  set(prices: Record<string, string>, at: string): string[] {
    return this.manual.set(prices, at)
  }

  all(): Quote[] {
    return this.manual.all()
  }

  /**
   * One step of the random walk for every quoted symbol without an imported history, in symbol order:
   * each price moves by a uniform draw within ± the volatility, rounded to cents, never below 0.01.
   */
  tick(at: string): string[] {
    const replayed = this.replay(at)
    const next: Record<string, string> = {}
    for (const quote of this.all().sort((a, b) => a.symbol.localeCompare(b.symbol))) {
      if (this.histories.has(quote.symbol)) continue
      const bp = prand.unsafeUniformIntDistribution(-this.volatilityBasisPoints, this.volatilityBasisPoints, this.rng)
      const moved = new Dec(quote.price).times(new Dec(10_000 + bp).div(10_000)).toDecimalPlaces(2)
      next[quote.symbol] = price(Dec.max(moved, '0.01'))
    }
    return [...replayed, ...this.set(next, at)]
  }

  /** Imports a daily history for a symbol (validated whole first: nothing is imported from a bad file). */
  importBars(symbol: string, csv: string): { symbol: string; bars: number; from: string; to: string } {
    if (!/^[A-Z0-9][A-Z0-9.]{0,9}$/.test(symbol)) throw new StormbookError('INVALID_SYMBOL', `"${symbol}" is not a ticker symbol`, { field: 'symbol' })
    const bars = parseDailyBars(csv)
    this.histories.set(symbol, bars)
    return { symbol, bars: bars.length, from: bars[0].date, to: bars[bars.length - 1].date }
  }

  /** Sets each imported symbol to the close of its last bar on or before the clock's date. */
  replay(at: string): string[] {
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
    return this.set(next, at)
  }
}
