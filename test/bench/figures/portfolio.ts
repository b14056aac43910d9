import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { Engine } from '../../../main/app/engine.ts'
import { SimulatedMarket } from '../../../main/app/market.ts'
import { importHistory } from '../../../main/app/market-files.ts'
import { PriceHistory } from '../../../main/app/price-history.ts'
import { MemoryEventStore } from '../../../main/store/memory-store.ts'
import { log, median, now, quantile } from '../util.ts'

/** The trader's figures over a portfolio with many trades: its summary (p95) and its value over time. */
export interface PortfolioFigures {
  trades: number
  events: number
  /** The PortfolioSummary query, p95 of `summaryRuns`, a quote moved before each (as the live desk asks). */
  portfolioSummaryP95Ms: number
  summaryMedianMs: number
  summaryRuns: number
  /** The PortfolioValue query as the Performance pane asks it (thinned to about 400 points), median of `seriesRuns`. */
  valueSeriesMs: number
  /** The same series unthinned (every moment), median: what the walk itself costs. */
  valueSeriesFullMs: number
  seriesRuns: number
  moments: number
  points: number
  dailyPrices: number
  buildMs: number
}

function must(result: { ok: boolean; error?: { code: string; message: string } }): void {
  if (!result.ok) throw new Error(`portfolio bench: ${result.error?.code} ${result.error?.message}`)
}

/** A daily history of `days` bars from 2027-01-04 (a vendor CSV), a gentle walk around 50. */
function barsCsv(days: number): string {
  const lines = ['date,open,high,low,close,volume']
  const day = Date.parse('2027-01-04T00:00:00Z')
  for (let i = 0; i < days; i++) {
    const close = (50 + 5 * Math.sin(i / 9)).toFixed(2)
    lines.push(`${new Date(day + i * 86_400_000).toISOString().slice(0, 10)},${close},${(Number(close) + 1).toFixed(2)},${(Number(close) - 1).toFixed(2)},${close},1000`)
  }
  return lines.join('\n') + '\n'
}

/**
 * One portfolio, `trades` market orders filled (buys and sells of two symbols, 24 a day on a simulated
 * clock), an imported daily history for one symbol and the simulated market's daily closes kept for the
 * other, as the app keeps them. Then its summary and its value over time are asked for, timed.
 */
export async function measurePortfolio(workDir: string, options: { trades: number; summaryRuns: number; seriesRuns: number }): Promise<PortfolioFigures> {
  const dir = join(workDir, 'portfolio')
  mkdirSync(dir, { recursive: true })
  const days = Math.ceil(options.trades / 24) + 2
  importHistory(dir, { csv: barsCsv(days), symbol: 'BOLT' }, 'held')
  const clock = new SimulatedClock('2027-01-04T09:00:00Z')
  const market = new SimulatedMarket({ seed: 11 })
  const prices = new PriceHistory(dir)
  const stopKeeping = prices.keep(market, () => clock.now())
  const engine = new Engine({ contexts, store: new MemoryEventStore(), clock, quotes: market, prices })
  await engine.open()
  const started = now()
  must(await engine.market({ ACME: '100', BOLT: '50' }))
  must(await engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'bench', name: 'Bench' } }))
  must(await engine.dispatch({ command: 'RequestFunds', data: { transferId: 'seed', portfolioId: 'bench', amount: '100000000', source: 'bank' } }))
  for (let n = 1; n <= options.trades; n++) {
    // 24 trades a day, an hour apart: each day has a close for ACME; BOLT moves with its bars.
    clock.advance('PT1H')
    if (n % 12 === 0) must(await engine.market({ ACME: String(90 + (n % 37)) }))
    // Pairs: 10 bought, then 5 of them sold, so the holdings grow and every sale realizes P&L.
    const symbol = Math.ceil(n / 2) % 3 === 0 ? 'BOLT' : 'ACME'
    const buy = n % 2 === 1
    must(await engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'bench', orderId: `o-${n}`, symbol, side: buy ? 'buy' : 'sell', quantity: buy ? 10 : 5, orderType: 'market' } }))
    if (n % 2000 === 0) log(`portfolio: ${n} trades`)
  }
  stopKeeping()
  const buildMs = now() - started
  const summary: number[] = []
  for (let i = 0; i < options.summaryRuns; i++) {
    market.set({ ACME: String(100 + (i % 7)) }, clock.now())
    const start = now()
    must(engine.query('PortfolioSummary', { portfolioId: 'bench' }))
    summary.push(now() - start)
  }
  const series: number[] = []
  const full: number[] = []
  let shape = { moments: 0, points: 0 }
  for (let i = 0; i < options.seriesRuns; i++) {
    let start = now()
    const answer = engine.query('PortfolioValue', { portfolioId: 'bench' })
    series.push(now() - start)
    must(answer)
    const value = (answer as { value: { moments: number; points: unknown[] } }).value
    shape = { moments: value.moments, points: value.points.length }
    start = now()
    must(engine.query('PortfolioValue', { portfolioId: 'bench', maxPoints: 100_000 }))
    full.push(now() - start)
  }
  await engine.close()
  return {
    trades: options.trades, events: engine.store.lastPosition,
    portfolioSummaryP95Ms: quantile(summary, 0.95), summaryMedianMs: median(summary), summaryRuns: summary.length,
    valueSeriesMs: median(series), valueSeriesFullMs: median(full), seriesRuns: series.length, ...shape,
    dailyPrices: prices.daily('ACME').length + prices.daily('BOLT').length, buildMs,
  }
}
