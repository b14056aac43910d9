import { DateTime } from 'luxon'
import { Dec, price, readCsv, type CodedError } from '../../domain/kernel/index.ts'
import { formatPrice } from '../../domain/kernel/money-format.ts'
import { isPrice, isSymbol, PRICE_RULE, SYMBOL_RULE } from '../../domain/trading/symbols-and-prices.ts'

/** One daily bar of a price history, as data vendors export it. */
export interface DailyBar {
  date: string
  open: string
  high: string
  low: string
  close: string
  volume: number
}

/** The bar fields a vendor CSV's columns are mapped to (`symbol` and `volume` may be left out). */
export const BAR_FIELDS = ['date', 'open', 'high', 'low', 'close', 'volume', 'symbol'] as const

/** Which header of a vendor CSV holds each field (compared without case or surrounding blanks). */
export interface BarColumns {
  date: string
  open: string
  high: string
  low: string
  close: string
  volume?: string
  symbol?: string
}

/** Stormbook's own layout of a price history (what `market/<SYMBOL>.csv` holds). */
export const STORED_COLUMNS: BarColumns = { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' }

/** One problem of a vendor CSV: the line as written in the file (the header is line 1), the column, in words. */
export interface BarProblem {
  line: number
  column: string
  message: string
}

/** A reading of a vendor CSV: its header, the bars of each symbol, every problem by line (capped), the rows read. */
export interface VendorReading {
  headers: string[]
  bySymbol: Record<string, DailyBar[]>
  problems: BarProblem[]
  rows: number
}

/** How many problems a reading lists at most (the rest are counted in the last one). */
export const MAX_PROBLEMS = 100

/**
 * Reads a vendor CSV of daily bars through a column mapping: every row is checked and each problem is
 * listed with its line and column (never only the first), so a preview can show them all. The symbol comes
 * from the mapped `symbol` column, else from `symbol` typed in. Dates are YYYY-MM-DD and ascending per
 * symbol, one bar a day; prices follow the one rule of symbols-and-prices.ts; an unmapped volume is 0.
 * Never throws.
 */
export function readVendorBars(text: string, columns: BarColumns, symbol?: string): VendorReading {
  const problems: BarProblem[] = []
  const bySymbol: Record<string, DailyBar[]> = {}
  const note = (line: number, column: string, message: string) => problems.push({ line, column, message })
  const reading = readCsv(text)
  const [head, ...body] = reading.records
  const headers = head?.cells.map((h) => h.trim()) ?? []
  const done = (rows: number): VendorReading => {
    if (reading.error) note(reading.error.details.line, '(row)', reading.error.message.replace(/^line \d+: /, ''))
    if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS - 1, Infinity, { line: problems[MAX_PROBLEMS - 1].line, column: '(file)', message: `and ${problems.length - MAX_PROBLEMS + 1} more problems` })
    return { headers, bySymbol, problems, rows }
  }
  if (head === undefined) {
    if (!reading.error) note(1, '(header)', 'the file is empty')
    return done(0)
  }
  const lower = headers.map((h) => h.toLowerCase())
  const at: Partial<Record<(typeof BAR_FIELDS)[number], number>> = {}
  const expected = Object.values(STORED_COLUMNS).join(',')
  for (const field of BAR_FIELDS) {
    const name = columns[field]
    if (name === undefined || name === '') continue
    const index = lower.indexOf(name.trim().toLowerCase())
    if (index < 0) note(head.line, field, `the header has no "${name}" column${columns === STORED_COLUMNS ? ` (expected ${expected})` : ''}`)
    else at[field] = index
  }
  const typed = symbol?.trim().toUpperCase()
  if (at.symbol === undefined && columns.symbol === undefined && !isSymbol(typed)) note(head.line, 'symbol', typed ? `"${typed}" is not a symbol: it ${SYMBOL_RULE}` : 'choose the symbol column, or type the symbol these bars are of')
  if (problems.length > 0) return done(0)
  const previous = new Map<string, string>()
  for (const { line, cells } of body) {
    if (problems.length > MAX_PROBLEMS) break
    if (cells.length !== headers.length) {
      note(line, '(row)', `the row has ${cells.length} cells, the header ${headers.length}`)
      continue
    }
    const row = cells.map((c) => c.trim())
    const rowSymbol = at.symbol === undefined ? typed! : row[at.symbol].toUpperCase()
    if (!isSymbol(rowSymbol)) {
      note(line, 'symbol', `"${row[at.symbol!]}" is not a symbol: it ${SYMBOL_RULE}`)
      continue
    }
    const bar = readBar(row, at as Record<'date' | 'open' | 'high' | 'low' | 'close', number> & { volume?: number }, (column, message) => note(line, column, message))
    if (!bar) continue
    const last = previous.get(rowSymbol)
    if (last !== undefined && bar.date <= last) {
      note(line, 'date', `${bar.date} does not come after ${last}: bars must be in date order, one per day${at.symbol !== undefined ? ` (for ${rowSymbol})` : ''}`)
      continue
    }
    previous.set(rowSymbol, bar.date)
    ;(bySymbol[rowSymbol] ??= []).push(bar)
  }
  if (problems.length === 0 && Object.keys(bySymbol).length === 0) note(head.line + 1, 'date', 'the file has a header but no bars')
  return done(body.length)
}

/** One row's bar, or undefined after telling `refuse` the first problem of the row. */
function readBar(row: string[], at: Record<'date' | 'open' | 'high' | 'low' | 'close', number> & { volume?: number }, refuse: (column: string, message: string) => void): DailyBar | undefined {
  const date = row[at.date]
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) return void refuse('date', `"${date}" is not a date (YYYY-MM-DD)`)
  const prices: Partial<Record<'open' | 'high' | 'low' | 'close', string>> = {}
  for (const c of ['open', 'high', 'low', 'close'] as const) {
    const v = row[at[c]]
    if (!isPrice(v)) return void refuse(c, `"${v}" is not a price: it ${PRICE_RULE}`)
    prices[c] = price(v)
  }
  const { open, high, low, close } = prices as Record<'open' | 'high' | 'low' | 'close', string>
  if (new Dec(high).lt(low)) return void refuse('high', `high ${formatPrice(high)} is below low ${formatPrice(low)}`)
  for (const [name, v] of [['open', open], ['close', close]] as const) {
    if (new Dec(v).gt(high) || new Dec(v).lt(low)) return void refuse(name, `${name} ${formatPrice(v)} lies outside low ${formatPrice(low)} – high ${formatPrice(high)}`)
  }
  const volume = at.volume === undefined ? '0' : row[at.volume]
  if (!/^\d{1,15}$/.test(volume)) return void refuse('volume', `"${volume}" is not a whole number of shares`)
  return { date, open, high, low, close, volume: Number(volume) }
}

/** A problem as the CSV_INVALID error every caller refuses with (line and column named). */
export function barProblemError(problem: BarProblem): CodedError {
  return { code: 'CSV_INVALID', message: `line ${problem.line}, column ${problem.column}: ${problem.message}`, details: { line: problem.line, column: problem.column, field: problem.column } }
}

/** Daily bars in Stormbook's own layout, as `market/<SYMBOL>.csv` keeps them. */
export function writeDailyBars(bars: readonly DailyBar[]): string {
  return [Object.values(STORED_COLUMNS).join(','), ...bars.map((b) => [b.date, b.open, b.high, b.low, b.close, b.volume].join(','))].join('\n') + '\n'
}
