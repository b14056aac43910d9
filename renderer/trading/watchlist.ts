import { create } from 'zustand'
import { dec, money } from '../../domain/kernel/money.ts'
import { isSymbol } from '../../domain/trading/symbols-and-prices.ts'
import { patchSettings } from '../workspace/host.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject as toastRefusal } from '../workspace/toasts.ts'

/** The watch list kept in the workspace's settings (`watchList`), as the host last told it. */
function saved(): string[] {
  const list = useWorkspace.getState().info?.settings?.watchList
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []
}

/** The symbols a trader watches, kept in the workspace's settings (not in the log: watching decides nothing). */
interface WatchState {
  symbols: string[]
  /** Adds a symbol (upper case, once); answers whether it was a ticker symbol. */
  add(symbol: string): boolean
  remove(symbol: string): void
  /** Takes the list from the workspace's settings (after they were read or changed). */
  sync(): void
}

export const useWatchList = create<WatchState>()((set, get) => {
  // Shown at once; kept in workspace.json, and a refusal (read-only, a bad symbol) is toasted and undone.
  const save = (symbols: string[]) => {
    const before = get().symbols
    set({ symbols })
    const workspace = useWorkspace.getState()
    if (!workspace.info) return
    void patchSettings({ watchList: symbols }).then(async (result) => {
      if (!result.ok) {
        set({ symbols: before })
        toastRefusal(result.error)
        return
      }
      await useWorkspace.getState().load()
    })
  }
  return {
    symbols: saved(),
    add(symbol) {
      const s = symbol.trim().toUpperCase()
      if (!isSymbol(s)) return false
      if (!get().symbols.includes(s)) save([...get().symbols, s])
      return true
    },
    remove: (symbol) => save(get().symbols.filter((s) => s !== symbol)),
    sync: () => set({ symbols: saved() }),
  }
})

useWorkspace.subscribe((state, previous) => {
  if (state.info?.settings?.watchList !== previous.info?.settings?.watchList) useWatchList.getState().sync()
})

/** A price's change since the day's open, in money and in percent (2 decimals); null without an open. */
export function dayChange(price: string, open: string | undefined): { change: string; percent: string } | null {
  if (open === undefined || dec(open).isZero()) return null
  const change = dec(price).minus(open)
  return { change: money(change), percent: change.div(open).times(100).toDecimalPlaces(2).toFixed(2) }
}
