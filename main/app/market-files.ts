import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { codedError, toCodedError } from '../../domain/kernel/index.ts'
import { SYMBOL_PATTERN } from '../../domain/trading/symbols-and-prices.ts'
import { acquireLock } from '../store/lock.ts'
import { barProblemError, readVendorBars, STORED_COLUMNS, writeDailyBars, type BarColumns, type BarProblem, type DailyBar } from './daily-bars.ts'
import { SimulatedMarket, type ReplayDayStore } from './market.ts'
import type { QuoteService } from './quotes.ts'

/** Where a workspace keeps imported price histories: `market/<SYMBOL>.csv`. */
export function marketDir(workspaceDir: string): string {
  return join(workspaceDir, 'market')
}

/** A vendor CSV to import: its text, which header holds each field, and the symbol when no column holds it. */
export interface ImportRequest {
  csv: string
  columns?: BarColumns
  symbol?: string
}

/** What an import kept: each symbol's bars and their first and last day. */
export interface ImportedHistory {
  symbol: string
  bars: number
  from: string
  to: string
}

/** What a preview shows before anything is imported: the header, the first bars, each symbol's range, every problem by line. */
export interface ImportPreview {
  headers: string[]
  rows: number
  sample: Array<DailyBar & { symbol: string }>
  symbols: ImportedHistory[]
  problems: BarProblem[]
}

/** Reads an import request without writing anything: what the import dialog previews. */
export function previewImport(request: ImportRequest, sampleSize = 8): ImportPreview {
  const reading = readVendorBars(request.csv, request.columns ?? STORED_COLUMNS, request.symbol)
  const symbols = summarize(reading.bySymbol)
  const sample = Object.entries(reading.bySymbol).flatMap(([symbol, bars]) => bars.map((bar) => ({ symbol, ...bar }))).slice(0, sampleSize)
  return { headers: reading.headers, rows: reading.rows, sample, symbols, problems: reading.problems }
}

function summarize(bySymbol: Record<string, DailyBar[]>): ImportedHistory[] {
  return Object.entries(bySymbol).map(([symbol, bars]) => ({ symbol, bars: bars.length, from: bars[0].date, to: bars[bars.length - 1].date }))
}

/**
 * Imports a vendor CSV of daily bars into the workspace: the whole file is checked first (CSV_INVALID
 * names the first line and column; nothing is written then), then each symbol's bars are stored in
 * Stormbook's layout as `market/<SYMBOL>.csv`, under the workspace's single-writer lock: `lock: 'take'`
 * takes it for the writing (the CLI; a workspace another Stormbook holds refuses with WORKSPACE_LOCKED),
 * `'held'` is a caller that holds it already (the app's open workspace).
 */
export function importHistory(workspaceDir: string, request: ImportRequest, lock: { take: () => string } | 'held'): ImportedHistory[] {
  const reading = readVendorBars(request.csv, request.columns ?? STORED_COLUMNS, request.symbol)
  if (reading.problems.length > 0) {
    const error = barProblemError(reading.problems[0])
    throw codedError(error.code, error.message, { ...error.details, problems: reading.problems.length })
  }
  const release = lock === 'held' ? () => undefined : acquireLock(workspaceDir, lock.take)
  try {
    const dir = marketDir(workspaceDir)
    mkdirSync(dir, { recursive: true })
    for (const [symbol, bars] of Object.entries(reading.bySymbol)) {
      const file = join(dir, `${symbol}.csv`)
      writeFileSync(file + '.tmp', writeDailyBars(bars))
      renameSync(file + '.tmp', file)
    }
  } finally {
    release()
  }
  return summarize(reading.bySymbol)
}

/**
 * Reads the named symbols' stored histories into a running simulated market (after an import in the app);
 * a quote service that replays nothing is left as it is.
 */
export function loadHistories(quotes: QuoteService, workspaceDir: string, symbols: readonly string[]): void {
  if (!(quotes instanceof SimulatedMarket)) return
  for (const symbol of symbols) quotes.importBars(symbol, readFileSync(join(marketDir(workspaceDir), `${symbol}.csv`), 'utf8'))
}

/**
 * The day-by-day replay's day, kept in market/replay.json so a reopened workspace goes on from where its
 * replay stood. A missing or unreadable file is "from the first day"; a read-only open never writes it.
 */
export function replayDayFile(workspaceDir: string, readOnly: boolean): ReplayDayStore {
  const file = join(marketDir(workspaceDir), 'replay.json')
  return {
    load() {
      try {
        const day = (JSON.parse(readFileSync(file, 'utf8')) as { day?: unknown }).day
        return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null
      } catch {
        return null
      }
    },
    save(day) {
      if (readOnly) return
      mkdirSync(marketDir(workspaceDir), { recursive: true })
      writeFileSync(file + '.tmp', JSON.stringify({ day }) + '\n')
      renameSync(file + '.tmp', file)
    },
  }
}

/**
 * The simulated market of a workspace: a random walk from `seed`, and every imported history, replayed
 * by the clock's date. A stored history that no longer reads is refused with its file named.
 */
export function loadMarket(workspaceDir: string, seed: number, options: { readOnly?: boolean } = {}): SimulatedMarket {
  if (!Number.isSafeInteger(seed)) throw codedError('SETTINGS_INVALID', `settings.marketSeed: ${seed} is not a whole number`, { field: 'settings.marketSeed' })
  const market = new SimulatedMarket({ seed, replayDayStore: replayDayFile(workspaceDir, options.readOnly === true) })
  let files: string[] = []
  try {
    // Only files named for a symbol are histories (market/<SYMBOL>.csv); anything else there is not read.
    files = readdirSync(marketDir(workspaceDir)).filter((f) => f.endsWith('.csv') && SYMBOL_PATTERN.test(f.slice(0, -4)))
  } catch {
    return market
  }
  for (const file of files) {
    try {
      market.importBars(file.slice(0, -4), readFileSync(join(marketDir(workspaceDir), file), 'utf8'))
    } catch (error) {
      const e = toCodedError(error)
      throw codedError(e.code, `market/${file}: ${e.message}`, { ...e.details, file: `market/${file}` })
    }
  }
  return market
}
