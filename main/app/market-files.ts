import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { codedError, toCodedError } from '../../domain/kernel/index.ts'
import { SYMBOL_PATTERN } from '../../domain/trading/symbols-and-prices.ts'
import { SimulatedMarket } from './market.ts'

/** Where a workspace keeps imported price histories: `market/<SYMBOL>.csv`. */
export function marketDir(workspaceDir: string): string {
  return join(workspaceDir, 'market')
}

/**
 * Imports a vendor CSV of daily bars for a symbol into the workspace: the whole file is checked first
 * (CSV_INVALID names line and column; nothing is written then), then stored as `market/<SYMBOL>.csv`.
 */
export function importHistory(workspaceDir: string, symbol: string, csv: string): { symbol: string; bars: number; from: string; to: string } {
  const probe = new SimulatedMarket({ seed: 1 })
  const summary = probe.importBars(symbol, csv)
  const dir = marketDir(workspaceDir)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${symbol}.csv`)
  writeFileSync(file + '.tmp', csv)
  renameSync(file + '.tmp', file)
  return summary
}

/**
 * The simulated market of a workspace: a random walk from `seed`, and every imported history, replayed
 * by the clock's date. A stored history that no longer reads is refused with its file named.
 */
export function loadMarket(workspaceDir: string, seed: number): SimulatedMarket {
  if (!Number.isSafeInteger(seed)) throw codedError('SETTINGS_INVALID', `settings.marketSeed: ${seed} is not a whole number`, { field: 'settings.marketSeed' })
  const market = new SimulatedMarket({ seed })
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
