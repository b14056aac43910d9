import { dec, money } from '../../../domain/kernel/money.ts'
import type { PriceHistoryAnswer } from '../../../domain/trading/read-model/price-chart.ts'
import type { ValueSeries } from '../../../domain/trading/read-model/value-series.ts'
import { formatCurrency, formatPnl, formatPrice } from '../format.ts'

const DAY = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' })
const DAY_YEAR = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })
const TIME = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })
const SECONDS = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })

/**
 * How a chart's axis and its summary write a moment (UTC, the days of the bars and closes): the time
 * with seconds within two hours, the time within a day and a half, else the day (with the year across years).
 */
export function timeLabel(at: number, span: { from: number; to: number }): string {
  if (span.to - span.from < 2 * 3_600_000) return SECONDS.format(at)
  if (span.to - span.from < 36 * 3_600_000) return TIME.format(at)
  return new Date(span.from).getUTCFullYear() === new Date(span.to).getUTCFullYear() ? DAY.format(at) : DAY_YEAR.format(at)
}

/** Where a time axis puts its labels: `count` moments evenly across the span (one when it has no width). */
export function timeTicks(span: { from: number; to: number }, count = 5): number[] {
  if (span.to <= span.from) return [span.from]
  return Array.from({ length: count }, (_, i) => Math.round(span.from + ((span.to - span.from) * i) / (count - 1)))
}

/** "on Jan 4" / "at 09:30": a moment in a summary sentence. */
function when(at: string, span: { from: number; to: number }): string {
  return `${span.to - span.from < 36 * 3_600_000 ? 'at' : 'on'} ${timeLabel(Date.parse(at), span)}`
}

/** A change as a signed amount and percent of where it started: "+13.50, +13.50%" (no percent from zero). */
function change(from: string, to: string, format: (v: string) => string): string {
  const moved = dec(to).minus(from)
  const sign = moved.isNegative() ? '-' : moved.isZero() ? '' : '+'
  const amount = `${sign}${format(money(moved.abs()))}`
  return dec(from).isZero() ? amount : `${amount}, ${sign}${moved.abs().div(from).times(100).toFixed(2)}%`
}

/**
 * The value chart's text alternative, as a person would read the chart: where the value started and ended,
 * the change, the deposits less withdrawals, and the P&L split into realized and unrealized.
 */
export function valueSummary(series: ValueSeries): string {
  const first = series.points[0]
  const last = series.points[series.points.length - 1]
  const span = { from: Date.parse(first.at), to: Date.parse(last.at) }
  return `Value ${formatCurrency(first.value)} ${when(first.at, span)} → ${formatCurrency(last.value)} ${when(last.at, span)} (${change(first.value, last.value, formatCurrency)}). ` +
    `Deposits less withdrawals ${formatCurrency(series.netDeposits)}; P&L ${formatPnl(series.gain).text}: realized ${formatPnl(last.realizedPnl).text}, unrealized ${formatPnl(last.unrealizedPnl).text}.`
}

/** Every price of a chart in time order: the answer's line, then the quotes heard since. */
export function pricePoints(history: PriceHistoryAnswer, live: ReadonlyArray<{ at: string; price: string }>): Array<{ at: string; price: string }> {
  return [...history.line, ...live]
}

/** The price chart's text alternative: first and last price, the change, and the portfolio's fills. */
export function priceSummary(history: PriceHistoryAnswer, live: ReadonlyArray<{ at: string; price: string }> = []): string {
  const points = pricePoints(history, live)
  if (points.length === 0) return `${history.symbol}: no price known yet.`
  const first = points[0]
  const last = points[points.length - 1]
  const span = { from: Date.parse(first.at), to: Date.parse(last.at) }
  const buys = history.fills.filter((f) => f.side === 'buy').length
  const sells = history.fills.length - buys
  const fills = history.fills.length === 0 ? 'no fills in this portfolio' : `${history.fills.length} ${history.fills.length === 1 ? 'fill' : 'fills'} in this portfolio: ${buys} ${buys === 1 ? 'buy' : 'buys'}, ${sells} ${sells === 1 ? 'sell' : 'sells'}`
  const bars = history.candles.length > 0 ? ` ${history.candles.length} daily ${history.candles.length === 1 ? 'bar' : 'bars'};` : ''
  return `${history.symbol} ${formatPrice(first.price)} ${when(first.at, span)} → ${formatPrice(last.price)} ${when(last.at, span)} (${change(first.price, last.price, formatPrice)});${bars} ${fills}.`
}
