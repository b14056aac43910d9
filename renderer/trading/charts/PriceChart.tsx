import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts'
import type { Candle, PriceHistoryAnswer } from '../../../domain/trading/read-model/price-chart.ts'
import { formatPrice } from '../format.ts'
import { pricePoints, priceSummary, timeLabel, timeTicks } from './summary.ts'

/** A buy (▲, gain colour) or sell (▼, loss colour) marker at a fill's price. */
function FillMarker(props: { cx?: number; cy?: number; payload?: { side: 'buy' | 'sell' } }) {
  const { cx, cy, payload } = props
  if (cx === undefined || cy === undefined || !payload) return null
  const buy = payload.side === 'buy'
  const d = buy ? `M${cx},${cy - 7} L${cx + 7},${cy + 6} L${cx - 7},${cy + 6} Z` : `M${cx},${cy + 7} L${cx + 7},${cy - 6} L${cx - 7},${cy - 6} Z`
  return <path d={d} className={`fill-marker ${payload.side}`} fill={buy ? 'var(--ok)' : 'var(--danger)'} stroke="var(--panel)" strokeWidth={1.5} />
}

/** A daily candle: the wick from low to high, the body from open to close (hollow when the day rose). */
function CandleShape(props: { x?: number; y?: number; width?: number; height?: number; payload?: Candle & { lo: number; hi: number; o: number; c: number } }) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props
  if (!payload) return null
  const at = (v: number) => (payload.hi === payload.lo ? y : y + ((payload.hi - v) / (payload.hi - payload.lo)) * height)
  const rose = payload.c >= payload.o
  const top = at(Math.max(payload.o, payload.c))
  const body = Math.max(1, at(Math.min(payload.o, payload.c)) - top)
  const colour = rose ? 'var(--ok)' : 'var(--danger)'
  const mid = x + width / 2
  return (
    <g className="candle">
      <line x1={mid} x2={mid} y1={y} y2={y + height} stroke={colour} />
      <rect x={x + width * 0.15} width={width * 0.7} y={top} height={body} stroke={colour} fill={rose ? 'var(--panel)' : colour} />
    </g>
  )
}

function PriceTip({ active, payload, span }: { active?: boolean; payload?: Array<{ payload: Record<string, any> }>; span: { from: number; to: number } }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  return (
    <div className="chart-tip">
      <strong>{timeLabel(row.t, span)}</strong>
      {row.open !== undefined && <div>O {formatPrice(row.open)} · H {formatPrice(row.high)} · L {formatPrice(row.low)} · C {formatPrice(row.close)}</div>}
      {row.price !== undefined && <div>{row.side ? `${row.side === 'buy' ? 'Bought' : 'Sold'} ${row.quantity} at` : 'Price'} {formatPrice(row.price)}</div>}
    </div>
  )
}

/**
 * A symbol's price chart: candles where daily bars were imported, else a line through every price known
 * (daily closes, fills, the quotes pushed while it is shown); this portfolio's buys and sells marked.
 */
export function PriceChart({ history, live }: { history: PriceHistoryAnswer; live: ReadonlyArray<{ at: string; price: string }> }) {
  const summary = priceSummary(history, live)
  const points = pricePoints(history, live).map((p) => ({ ...p, t: Date.parse(p.at), y: Number(p.price) }))
  const candles = history.candles.map((c) => ({ ...c, t: Date.parse(`${c.date}T12:00:00.000Z`), lo: Number(c.low), hi: Number(c.high), o: Number(c.open), c: Number(c.close), range: [Number(c.low), Number(c.high)] }))
  const fills = history.fills.map((f) => ({ ...f, t: Date.parse(f.at), y: Number(f.price) }))
  const times = [...points.map((p) => p.t), ...candles.map((c) => c.t), ...fills.map((f) => f.t)]
  if (times.length === 0) return <p className="muted" data-testid="price-summary">{summary}</p>
  const span = { from: Math.min(...times), to: Math.max(...times) }
  const pad = candles.length > 0 ? 43_200_000 : 0
  const barSize = candles.length > 0 ? Math.max(2, Math.min(14, 560 / (candles.length + 1))) : undefined
  return (
    <figure className="chart" data-testid="price-chart">
      <figcaption className="chart-summary" data-testid="price-summary">{summary}</figcaption>
      <div role="img" aria-label={`${history.symbol} price chart${candles.length > 0 ? ' (daily candles)' : ''}. ${summary}`}>
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={candles} margin={{ top: 10, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false} barSize={barSize}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" scale="time" domain={[span.from - pad, span.to + pad]} stroke="var(--muted)" tickFormatter={(t: number) => timeLabel(t, span)} ticks={candles.length > 0 ? undefined : timeTicks(span)} minTickGap={30} />
            <YAxis stroke="var(--muted)" width={72} domain={['auto', 'auto']} tickFormatter={(v: number) => formatPrice(v.toFixed(2))} />
            <Tooltip content={<PriceTip span={span} />} />
            {candles.length > 0 && <Bar dataKey="range" name="Daily bar" shape={<CandleShape />} isAnimationActive={false} />}
            {candles.length === 0 && <Line data={points} dataKey="y" name="Price" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} type="linear" />}
            <Scatter data={fills} dataKey="y" name="Fills" shape={<FillMarker />} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-legend" aria-hidden="true">
        {candles.length > 0 ? <span><i className="swatch candle" /> daily bar (hollow: the day rose)</span> : <span><i className="swatch value" /> price</span>}
        <span><i className="tri buy" /> buy</span>
        <span><i className="tri sell" /> sell</span>
      </div>
    </figure>
  )
}
