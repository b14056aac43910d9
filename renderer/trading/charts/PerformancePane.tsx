import { useEffect } from 'react'
import { useTrading } from '../store.ts'
import { useWatchList } from '../watchlist.ts'
import { PriceChart } from './PriceChart.tsx'
import { useCharts, watchCharts } from './store.ts'
import { ValueChart } from './ValueChart.tsx'
import './charts.css'

/**
 * The Performance pane of a portfolio: its value over time (deposits and withdrawals marked), realized
 * and unrealized P&L on the same axis, and one symbol's price chart with the portfolio's fills.
 */
export function PerformancePane({ portfolioId }: { portfolioId: string }) {
  useEffect(() => watchCharts(portfolioId), [portfolioId])
  const { series, symbol, history, live } = useCharts()
  const holdings = useTrading((s) => s.summary?.holdings)
  const watched = useWatchList((s) => s.symbols)
  const quotes = useTrading((s) => s.quotes)
  const symbols = [...new Set([...(holdings ?? []).map((h) => h.symbol), ...watched, ...quotes.map((q) => q.symbol), ...(symbol ? [symbol] : [])])].sort()
  return (
    <section className="performance" id="performance" aria-labelledby="performance-title">
      <h3 id="performance-title">Performance</h3>
      {series === null ? (
        <p className="muted">Reading the value over time…</p>
      ) : series.points.length < 2 ? (
        <p className="muted" data-testid="value-summary">No value yet: deposit funds to start the chart.</p>
      ) : (
        <ValueChart series={series} />
      )}
      <div className="chart-head">
        <label>Price chart{' '}
          <select aria-label="Price chart symbol" value={symbol ?? ''} onChange={(e) => e.target.value && useCharts.getState().openChart(e.target.value)}>
            <option value="">Choose a symbol</option>
            {symbols.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </div>
      {symbol !== null && (history === null || history.symbol !== symbol ? <p className="muted">Reading {symbol}'s prices…</p> : <PriceChart history={history} live={live} />)}
    </section>
  )
}
