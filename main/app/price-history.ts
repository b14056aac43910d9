import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DailyPrice, Quote } from '../../domain/kernel/index.ts'
import { isPrice, SYMBOL_PATTERN } from '../../domain/trading/symbols-and-prices.ts'
import type { DailyPriceSource } from './engine-types.ts'
import { readDailyBars } from './market.ts'
import { marketDir } from './market-files.ts'

/** Where the simulated market's daily closes are kept: beside the imported histories, never in the log. */
export function closesFile(workspaceDir: string): string {
  return join(marketDir(workspaceDir), 'daily-closes.json')
}

/** A day's close as the file keeps it: [date, close, at of the day's last quote]. */
type CloseEntry = [date: string, close: string, at: string]

/** What pushes the market's quotes (the simulated market's `onQuotes`). */
export interface QuotePush {
  onQuotes?(listener: (quotes: Quote[]) => void): () => void
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The closes a file holds, each entry checked (a hand-edited bad one is passed over, never trusted). */
function readCloses(file: string): Map<string, CloseEntry[]> {
  const closes = new Map<string, CloseEntry[]>()
  let saved: unknown
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return closes
  }
  if (typeof saved !== 'object' || saved === null) return closes
  for (const [symbol, entries] of Object.entries(saved)) {
    if (!SYMBOL_PATTERN.test(symbol) || !Array.isArray(entries)) continue
    const good = entries.filter((e): e is CloseEntry => Array.isArray(e) && DATE.test(e[0]) && isPrice(e[1]) && typeof e[2] === 'string' && e[2].startsWith(e[0]))
    closes.set(symbol, good)
  }
  return closes
}

/**
 * A workspace's price history for the charts and the value over time: the daily bars imported into
 * `market/<SYMBOL>.csv` (read again when the file changes) and the simulated market's daily closes, which
 * it keeps itself in `market/daily-closes.json` from the pushed quotes: the last quote of each day per
 * symbol, written (temp file, then rename) when the clock's day changes and on close, never per tick.
 */
export class PriceHistory implements DailyPriceSource {
  private readonly closes: Map<string, CloseEntry[]>
  private readonly bars = new Map<string, { stamp: string; prices: DailyPrice[] }>()
  private readonly merged = new Map<string, { key: string; prices: DailyPrice[] }>()
  private version = 0
  private dirty = false
  private day: string | undefined

  constructor(private readonly workspaceDir: string, private readonly options: { readOnly?: boolean } = {}) {
    this.closes = readCloses(closesFile(workspaceDir))
  }

  /** A symbol's imported bars and daily closes, oldest first (a close on a day with a bar is the bar's). */
  daily(symbol: string): readonly DailyPrice[] {
    const bars = this.barsOf(symbol)
    const key = `${bars.stamp}|${this.version}`
    const cached = this.merged.get(symbol)
    if (cached?.key === key) return cached.prices
    const barDays = new Set(bars.prices.map((b) => b.date))
    const closes = (this.closes.get(symbol) ?? []).filter(([date]) => !barDays.has(date)).map(([date, close, at]): DailyPrice => ({ date, at, close, source: 'close' }))
    const prices = [...bars.prices, ...closes].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    this.merged.set(symbol, { key, prices })
    return prices
  }

  /** The bars of `market/<SYMBOL>.csv`, read again only when its size or time changed; none when absent or unreadable. */
  private barsOf(symbol: string): { stamp: string; prices: DailyPrice[] } {
    const file = join(marketDir(this.workspaceDir), `${symbol}.csv`)
    let stamp = 'none'
    try {
      const stat = statSync(file)
      stamp = `${stat.size}:${stat.mtimeMs}`
    } catch {
      // no history imported for this symbol
    }
    const cached = this.bars.get(symbol)
    if (cached?.stamp === stamp) return cached
    let prices: DailyPrice[] = []
    if (stamp !== 'none') {
      const reading = readDailyBars(readFileSync(file, 'utf8'))
      if (reading.ok) prices = reading.bars.map(({ date, open, high, low, close }) => ({ date, at: `${date}T00:00:00.000Z`, open, high, low, close, source: 'bar' }))
    }
    const entry = { stamp, prices }
    this.bars.set(symbol, entry)
    return entry
  }

  /**
   * Hears pushed quotes: each one is its symbol's close of its day so far. The day is the clock's: when
   * it changes, the closes are written (yesterday's are final then).
   */
  hear(quotes: readonly Quote[], now: string): void {
    const today = now.slice(0, 10)
    if (this.day !== undefined && this.day !== today) this.flush()
    this.day = today
    for (const quote of quotes) {
      const date = quote.at.slice(0, 10)
      const entries = this.closes.get(quote.symbol) ?? []
      const last = entries.at(-1)
      if (last !== undefined && last[0] > date) continue
      if (last?.[0] === date) {
        if (last[1] === quote.price && last[2] === quote.at) continue
        entries[entries.length - 1] = [date, quote.price, quote.at]
      } else entries.push([date, quote.price, quote.at])
      this.closes.set(quote.symbol, entries)
      this.dirty = true
      this.version++
    }
  }

  /** Writes the closes when they changed since the last write (temp file, then rename: never half a file). */
  flush(): void {
    if (!this.dirty || this.options.readOnly) return
    const file = closesFile(this.workspaceDir)
    mkdirSync(marketDir(this.workspaceDir), { recursive: true })
    const symbols = [...this.closes.keys()].sort()
    writeFileSync(file + '.tmp', `{\n${symbols.map((s) => `${JSON.stringify(s)}: ${JSON.stringify(this.closes.get(s))}`).join(',\n')}\n}\n`)
    renameSync(file + '.tmp', file)
    this.dirty = false
  }

  /** Keeps the market's daily closes from its pushed quotes, the day read from `now` (the clock port). Returns the stop function, which writes them. */
  keep(market: QuotePush, now: () => string): () => void {
    const stop = market.onQuotes?.((quotes) => this.hear(quotes, now())) ?? (() => undefined)
    return () => {
      stop()
      try {
        this.flush()
      } catch {
        // a disk that refuses the write loses today's closes only; closing the workspace goes on
      }
    }
  }
}
