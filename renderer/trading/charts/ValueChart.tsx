import { CartesianGrid, ComposedChart, Line, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ValueSeries } from '../../../domain/trading/read-model/value-series.ts'
import { formatCurrency } from '../format.ts'
import { timeLabel, timeTicks, valueSummary } from './summary.ts'

const TRANSFER_LABEL = { deposit: 'Deposit', withdrawal: 'Withdrawal', refund: 'Refund' } as const

/** A point as recharts draws it: numbers for the pixels only; the text shown is the read model's decimal text. */
function plotted(series: ValueSeries) {
  return series.points.map((p) => ({ ...p, t: Date.parse(p.at), v: Number(p.value), r: Number(p.realizedPnl), u: Number(p.unrealizedPnl) }))
}

type Row = ReturnType<typeof plotted>[number]

function ValueTip({ active, payload, span }: { active?: boolean; payload?: Array<{ payload: Row }>; span: { from: number; to: number } }) {
  const row = payload?.[0]?.payload
  if (!active || !row) return null
  return (
    <div className="chart-tip">
      <strong>{timeLabel(row.t, span)}</strong>
      <div>Value {formatCurrency(row.value)}</div>
      <div>Cash {formatCurrency(row.cash)} · holdings {formatCurrency(row.holdings)}</div>
      <div>Realized {formatCurrency(row.realizedPnl)} · unrealized {formatCurrency(row.unrealizedPnl)}</div>
      {row.transfer && <div>{TRANSFER_LABEL[row.transfer.kind]} {formatCurrency(row.transfer.amount)}</div>}
    </div>
  )
}

/**
 * The portfolio's value over time (cash plus holdings at the prices known then), deposits and
 * withdrawals marked, and below it realized and unrealized P&L on the same time axis. The summary line
 * above is the charts' text alternative.
 */
export function ValueChart({ series }: { series: ValueSeries }) {
  const rows = plotted(series)
  const span = { from: rows[0].t, to: rows[rows.length - 1].t }
  const summary = valueSummary(series)
  const axis = { dataKey: 't', type: 'number' as const, scale: 'time' as const, domain: [span.from, span.to] as [number, number], stroke: 'var(--muted)', tickFormatter: (t: number) => timeLabel(t, span), ticks: timeTicks(span), minTickGap: 30 }
  const money = (v: number) => formatCurrency(v.toFixed(0))
  return (
    <figure className="chart" data-testid="value-chart">
      <figcaption className="chart-summary" data-testid="value-summary">{summary}</figcaption>
      <div role="img" aria-label={`Value over time. ${summary}`}>
        <ResponsiveContainer width="100%" height={190}>
          <ComposedChart data={rows} syncId="performance" margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis {...axis} />
            <YAxis stroke="var(--muted)" width={84} tickFormatter={money} domain={['auto', 'auto']} />
            <Tooltip content={<ValueTip span={span} />} />
            <Line type="stepAfter" dataKey="v" name="Value" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
            {rows.filter((r) => r.transfer).map((r) => (
              <ReferenceDot key={`${r.at}-${r.transfer!.kind}-${r.transfer!.amount}`} x={r.t} y={r.v} r={6} className={`mark-${r.transfer!.kind}`}
                fill={r.transfer!.kind === 'withdrawal' ? 'var(--danger)' : 'var(--ok)'} stroke="var(--panel)" strokeWidth={2} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-legend" aria-hidden="true">
        <span><i className="swatch value" /> value</span>
        <span><i className="dot deposit" /> deposit or refund</span>
        <span><i className="dot withdrawal" /> withdrawal</span>
      </div>
      <div role="img" aria-label={`P&L over time: realized ${formatCurrency(rows[rows.length - 1].realizedPnl)}, unrealized ${formatCurrency(rows[rows.length - 1].unrealizedPnl)} at the end.`}>
        <ResponsiveContainer width="100%" height={120}>
          <ComposedChart data={rows} syncId="performance" margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis {...axis} />
            <YAxis stroke="var(--muted)" width={84} tickFormatter={money} />
            <Tooltip content={<ValueTip span={span} />} />
            <Line type="stepAfter" dataKey="r" name="Realized P&L" stroke="var(--ok)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line type="stepAfter" dataKey="u" name="Unrealized P&L" stroke="var(--warn)" strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-legend" aria-hidden="true">
        <span><i className="swatch realized" /> realized P&L</span>
        <span><i className="swatch unrealized" /> unrealized P&L</span>
      </div>
    </figure>
  )
}
