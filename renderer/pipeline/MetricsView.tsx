import { useEffect, useMemo, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Funnel, FunnelChart, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { query } from '../workspace/queries.ts'
import { reject } from '../workspace/toasts.ts'
import { STAGE_LABELS, type SalesStage } from './moves.ts'
import { amountByCloseMonth, type PipelineSummary, type SalesMetrics } from './metrics.ts'
import { formatMoney, usePipeline } from './store.ts'
import { formatDay } from '../workspace/dates.ts'

const FUNNEL_COLORS = ['#748ffc', '#5c7cfa', '#4c6ef5', '#2b8a3e']

/** How the team sells: the SalesMetrics figures, a funnel by stage and the amount by close month. */
export function MetricsView() {
  const opportunities = usePipeline((s) => s.opportunities)
  const [metrics, setMetrics] = useState<SalesMetrics | null>(null)
  const [pipeline, setPipeline] = useState<PipelineSummary | null>(null)

  useEffect(() => {
    let live = true
    void Promise.all([query<SalesMetrics>('SalesMetrics'), query<PipelineSummary>('Pipeline')]).then(([m, p]) => {
      if (!live) return
      if (m.ok) setMetrics(m.value)
      else reject(m.error)
      if (p.ok) setPipeline(p.value)
      else reject(p.error)
    })
    return () => {
      live = false
    }
  }, [opportunities])

  // A funnel counts every deal that reached a stage: a won deal passed through prospecting, qualification and proposal.
  const funnel = useMemo(() => {
    if (!pipeline) return []
    const count = (stage: SalesStage) => pipeline.stages.find((s) => s.stage === stage)?.count ?? 0
    const order: SalesStage[] = ['prospecting', 'qualification', 'proposal', 'closed_won']
    return order.map((stage, i) => ({ name: STAGE_LABELS[stage], value: order.slice(i).reduce((n, s) => n + count(s), 0), fill: FUNNEL_COLORS[i] }))
  }, [pipeline])
  const months = useMemo(() => amountByCloseMonth(opportunities), [opportunities])

  if (!metrics || !pipeline) return <div className="muted" role="status">Loading metrics…</div>
  if (opportunities.length === 0) return <div className="empty-state"><h2>No metrics yet</h2><p>Metrics appear once there are opportunities.</p></div>
  const figures: Array<[string, string, string]> = [
    ['Win rate', `${(metrics.winRate * 100).toFixed(1)} %`, `${metrics.won} won, ${metrics.lost} lost`],
    ['Average deal size', formatMoney(metrics.averageDealSize), 'of the deals won'],
    ['Cycle', `${metrics.averageCycleDays.toFixed(1)} days`, 'created to won, on average'],
    metrics.velocityPerDay === null
      ? ['Velocity', 'Not enough data', 'needs at least 2 won deals']
      : ['Velocity', `${formatMoney(metrics.velocityPerDay)} / day`, `${metrics.open} open × win rate × deal size ÷ cycle`],
    ['Slipped', String(metrics.slipped.length), 'close date moved later'],
    ['Stale', String(metrics.stale.length), 'open, no event for a while'],
  ]
  return (
    <div className="metrics" data-testid="metrics">
      <div className="metric-cards">
        {figures.map(([label, value, note]) => (
          <div className="metric" key={label} data-testid={`metric-${label.toLowerCase().replace(/\s+/g, '-')}`}>
            <div className="metric-label">{label}</div>
            <div className="metric-value">{value}</div>
            <div className="muted small">{note}</div>
          </div>
        ))}
      </div>
      <div className="charts">
        <section className="chart" aria-label="Funnel by stage">
          <h3>Funnel by stage <span className="muted small">· deals that reached each stage, lost ones left out</span></h3>
          <ResponsiveContainer width="100%" height={260}>
            <FunnelChart>
              <Tooltip />
              <Funnel dataKey="value" data={funnel} isAnimationActive={false}>
                <LabelList position="right" fill="currentColor" stroke="none" dataKey="name" />
                <LabelList position="center" fill="#fff" stroke="none" dataKey="value" />
              </Funnel>
            </FunnelChart>
          </ResponsiveContainer>
        </section>
        <section className="chart" aria-label="Amount by close month">
          <h3>Amount by close month</h3>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={months}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="month" stroke="var(--muted)" />
              <YAxis stroke="var(--muted)" tickFormatter={(v: number) => formatMoney(String(v))} width={80} />
              <Tooltip formatter={(v) => formatMoney(String(v))} />
              <Legend />
              <Bar dataKey="open" name="Open" stackId="a" fill="#5c7cfa" isAnimationActive={false} />
              <Bar dataKey="won" name="Won" stackId="a" fill="#2b8a3e" isAnimationActive={false} />
              <Bar dataKey="lost" name="Lost" stackId="a" fill="#adb5bd" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </section>
      </div>
      <div className="charts">
        <section className="chart">
          <h3>Slipped deals</h3>
          {metrics.slipped.length === 0 ? <p className="muted">No close date has moved later.</p> : (
            <table className="table" data-testid="slipped"><thead><tr><th>Opportunity</th><th>Stage</th><th>First close date</th><th>Now</th></tr></thead>
              <tbody>{metrics.slipped.map((s) => <tr key={s.opportunityId}><td>{s.name}</td><td>{STAGE_LABELS[s.stage as SalesStage] ?? s.stage}</td><td>{s.from}</td><td>{s.to}</td></tr>)}</tbody></table>
          )}
        </section>
        <section className="chart">
          <h3>Stale deals</h3>
          {metrics.stale.length === 0 ? <p className="muted">Every open deal has moved recently.</p> : (
            <table className="table" data-testid="stale"><thead><tr><th>Opportunity</th><th>Last event</th><th className="num">Days silent</th></tr></thead>
              <tbody>{metrics.stale.map((s) => <tr key={s.opportunityId}><td>{s.name}</td><td>{formatDay(s.lastEventAt)}</td><td className="num">{s.days}</td></tr>)}</tbody></table>
          )}
        </section>
      </div>
    </div>
  )
}
