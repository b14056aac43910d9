import { useCharts } from './store.ts'

/** Opens a symbol's price chart in the Performance pane (a holdings row's or the watch list's "Chart"). */
export function ChartButton({ symbol }: { symbol: string }) {
  return (
    <button className="small-button ghost" aria-label={`Price chart of ${symbol}`} title={`Show ${symbol}'s price chart with this portfolio's fills`}
      onClick={() => useCharts.getState().openChart(symbol)}>Chart</button>
  )
}
