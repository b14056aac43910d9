import { create } from 'zustand'
import type { PriceHistoryAnswer } from '../../../domain/trading/read-model/price-chart.ts'
import type { ValueSeries } from '../../../domain/trading/read-model/value-series.ts'
import type { MethodValues } from '../../../main/ipc/contract.ts'
import { onPushedEvents, onQuotes } from '../../workspace/host.ts'
import { queryValue } from '../../workspace/queries.ts'
import { onViewingPosition, useWorkspace } from '../../workspace/store.ts'
import { touchesTrading } from '../portfolios.ts'
import { useTrading } from '../store.ts'

/** The most quotes heard live that the price chart keeps beyond what the host answered. */
const LIVE_TICKS = 240

/** What the Performance pane shows: the selected portfolio's value over time and one symbol's price chart. */
interface ChartsState {
  portfolioId: string | null
  series: ValueSeries | null
  /** The symbol whose price chart is shown (chosen from a holdings row or the pane's picker). */
  symbol: string | null
  history: PriceHistoryAnswer | null
  /** Quotes of `symbol` pushed since its history was read, in time order (the line follows them). */
  live: Array<{ at: string; price: string }>
  /** Shows a symbol's price chart and brings the Performance pane into view. */
  openChart(symbol: string): void
  /** Asks for the value over time and the price history again (now, or as of the replayed position). */
  refresh(): Promise<void>
  /** Pushed quotes: the chart's symbol gets its new price at the end of the line (not while replaying). */
  hearQuotes(quotes: MethodValues['market.quotes']): void
}

let pending: Promise<void> | null = null
let again = false

export const useCharts = create<ChartsState>()((set, get) => ({
  portfolioId: null,
  series: null,
  symbol: null,
  history: null,
  live: [],

  openChart(symbol) {
    set({ symbol, history: null, live: [] })
    void get().refresh()
    useTrading.getState().showPane('performance')
  },

  async refresh() {
    // One question in flight at a time; events heard meanwhile ask once more after it.
    if (pending) {
      again = true
      return pending
    }
    const { portfolioId, symbol } = get()
    pending = (async () => {
      const [series, history] = await Promise.all([
        portfolioId === null ? null : queryValue<ValueSeries | null>('PortfolioValue', { portfolioId }),
        symbol === null ? null : queryValue<PriceHistoryAnswer>('PriceHistory', { symbol, ...(portfolioId === null ? {} : { portfolioId }) }),
      ])
      if (get().portfolioId !== portfolioId || get().symbol !== symbol) return
      set((s) => ({ series: series === undefined ? s.series : series, history: history ?? s.history, ...(history ? { live: [] } : {}) }))
    })()
    try {
      await pending
    } finally {
      pending = null
    }
    if (again) {
      again = false
      await get().refresh()
    }
  },

  hearQuotes(quotes) {
    const { symbol, history, live } = get()
    if (symbol === null || history === null || useWorkspace.getState().viewingPosition !== null) return
    const quote = quotes.find((q) => q.symbol === symbol)
    const last = live.at(-1) ?? history.line.at(-1)
    if (!quote || (last && last.price === quote.price && last.at >= quote.at)) return
    set({ live: [...live, { at: quote.at, price: quote.price }].slice(-LIVE_TICKS) })
  },
}))

/**
 * Keeps the Performance pane current for a portfolio while it is shown: asked for once, then again after
 * trading events (debounced), a move of the replay cursor, and every few seconds of pushed quotes (the
 * value's last point is at the current quotes); the price line follows each pushed quote at once.
 */
export function watchCharts(portfolioId: string): () => void {
  useCharts.setState({ portfolioId, series: null })
  let timer: ReturnType<typeof setTimeout> | undefined
  let quoted = 0
  const soon = (ms: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => void useCharts.getState().refresh(), ms)
  }
  const offEvents = onPushedEvents((events) => {
    if (touchesTrading(events)) soon(150)
  })
  const offPosition = onViewingPosition(() => soon(0))
  const offQuotes = onQuotes((quotes) => {
    useCharts.getState().hearQuotes(quotes)
    const now = performance.now()
    if (useWorkspace.getState().viewingPosition === null && now - quoted > 5000) {
      quoted = now
      soon(300)
    }
  })
  void useCharts.getState().refresh()
  return () => {
    clearTimeout(timer)
    offEvents()
    offPosition()
    offQuotes()
  }
}
