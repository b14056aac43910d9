import { create } from 'zustand'
import { dec, money } from '../../domain/kernel/money.ts'

const KEY = 'stormbook.watchlist'

function load(): string[] {
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]')
    return Array.isArray(saved) ? saved.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

/** The symbols a trader watches (kept in this browser, not in the log: watching decides nothing). */
interface WatchState {
  symbols: string[]
  /** Adds a symbol (upper case, once); answers whether it was a ticker symbol. */
  add(symbol: string): boolean
  remove(symbol: string): void
}

export const useWatchList = create<WatchState>()((set, get) => {
  const save = (symbols: string[]) => {
    set({ symbols })
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(symbols))
    } catch {
      // storage full or refused: the list lives for this session
    }
  }
  return {
    symbols: load(),
    add(symbol) {
      const s = symbol.trim().toUpperCase()
      if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(s)) return false
      if (!get().symbols.includes(s)) save([...get().symbols, s])
      return true
    },
    remove: (symbol) => save(get().symbols.filter((s) => s !== symbol)),
  }
})

/** A price's change since the day's open, in money and in percent (2 decimals); null without an open. */
export function dayChange(price: string, open: string | undefined): { change: string; percent: string } | null {
  if (open === undefined || dec(open).isZero()) return null
  const change = dec(price).minus(open)
  return { change: money(change), percent: change.div(open).times(100).toDecimalPlaces(2).toFixed(2) }
}
