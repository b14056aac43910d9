import { AlertTriangle, ArrowLeft, Building2, Flame, Plus } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import type { ChurnRiskChange, CustomerPage as CustomerPageValue, DealTotal } from '../../domain/sales/read-model/customer-page.ts'
import type { ChurnRisk } from '../../domain/sales/stages.ts'
import { queryValue } from '../workspace/queries.ts'
import { useWorkspace } from '../workspace/store.ts'
import './customer-page.css'
import { STAGE_LABELS } from './moves.ts'
import { formatMoney, usePipeline } from './store.ts'
import { formatMoment } from '../workspace/dates.ts'

const REPLAYING = 'Commands are disabled while you look at the past.'

/** The level a rep most likely means to flag next: high, or back to low once it is high. */
function nextLevel(level: ChurnRisk): ChurnRisk {
  return level === 'high' ? 'low' : 'high'
}

/** One figure of the page's head: what it counts, how many deals, and their amount. */
function Tile({ label, total, testId, tone }: { label: string; total: DealTotal; testId: string; tone?: 'danger' }) {
  return (
    <div className={`metric${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      <div className="metric-label">{label}</div>
      <div className="metric-value" title={formatMoney(total.amount)}>{formatMoney(total.amount)}</div>
      <div className="muted">{total.count === 1 ? '1 deal' : `${total.count} deals`}</div>
    </div>
  )
}

/** Who changed something: the rep's name, or the policy that did. */
function who(change: { actor: string | null; policy: string | null }): string {
  return change.policy ? `policy ${change.policy}` : `by ${change.actor ?? 'unknown'}`
}

/** The churn risk's changes, newest first, down to the registration (a new customer starts at low). */
function ChurnHistory({ changes, registeredAt }: { changes: ChurnRiskChange[]; registeredAt: string | null }) {
  return (
    <ol className="timeline churn-history" data-testid="churn-history">
      {[...changes].reverse().map((c) => (
        <li key={c.position} data-testid="churn-change">
          <div><span className={`badge risk-badge risk-${c.level}`}>{c.level}</span> <span className="muted">from {c.previousLevel}</span></div>
          <div className="churn-reason">{c.reason ?? <span className="muted">No reason given</span>}</div>
          <div className="muted">{formatMoment(c.at)} · {who(c)}</div>
        </li>
      ))}
      <li>
        <div>Registered <span className="muted">· churn risk low</span></div>
        {registeredAt && <div className="muted">{formatMoment(registeredAt)}</div>}
      </li>
    </ol>
  )
}

/** The customer's deals, open and closed: a name opens the deal's panel. */
function Deals({ page }: { page: CustomerPageValue }) {
  if (page.deals.length === 0) return <p className="muted">No deals yet.</p>
  return (
    <div className="customer-deals-scroll"><table className="table customer-deals" data-testid="customer-deals">
      <thead><tr><th>Deal</th><th>Stage</th><th className="num">Amount</th><th>Close date</th><th>Kind</th><th>Owner</th></tr></thead>
      <tbody>
        {page.deals.map((d) => (
          <tr key={d.opportunityId} data-testid="customer-deal">
            <td>
              <button className="link" data-opens-deal={d.opportunityId} onClick={() => usePipeline.getState().select(d.opportunityId)}>{d.name}</button>
              {d.flagged && <span className="badge danger" title="Revenue at risk: the customer's churn risk is high"><AlertTriangle size={11} aria-hidden /> at risk</span>}
            </td>
            <td>{STAGE_LABELS[d.stage]}</td>
            <td className="num">{formatMoney(d.amount)}</td>
            <td>{d.closeDate}</td>
            <td>{d.kind}</td>
            <td>{d.salesOwner}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  )
}

/**
 * One customer's page (the CustomerPage read model, as of the replay cursor like every screen): name,
 * segment and churn risk; its deals with their totals; the churn risk's history with reasons, who and
 * when; its revenue at risk; and what a rep does here (flag churn risk, a new deal). Esc closes it and
 * focus goes back where the rep opened it from.
 */
export function CustomerPage({ customerId }: { customerId: string }) {
  const known = usePipeline((s) => s.customers.find((c) => c.customerId === customerId))
  const position = useWorkspace((s) => s.info?.lastPosition)
  const viewing = useWorkspace((s) => s.viewingPosition)
  // The currency setting changes every amount shown.
  useWorkspace((s) => s.info?.settings)
  const [page, setPage] = useState<CustomerPageValue | null | undefined>(undefined)

  useEffect(() => {
    let live = true
    // A refusal is toasted in words with its code (the one query path); the page keeps what it showed.
    void queryValue<CustomerPageValue | null>('CustomerPage', { customerId }).then((value) => {
      if (live && value !== undefined) setPage(value)
    })
    return () => {
      live = false
    }
  }, [customerId, position, viewing])

  // Opened: focus on the heading. Closed: back where it was opened from (the Customers row's name, found
  // again if that view was drawn anew), unless the deal panel it was opened from comes back and takes it.
  const heading = useRef<HTMLHeadingElement>(null)
  const opener = useRef<Element | null | undefined>(undefined)
  if (opener.current === undefined) opener.current = document.activeElement
  useEffect(() => {
    const before = opener.current
    heading.current?.focus()
    return () => {
      if (usePipeline.getState().selected) return
      const target = before?.isConnected ? before : document.querySelector(`[data-customer-link="${CSS.escape(customerId)}"]`)
      if (target instanceof HTMLElement) target.focus()
    }
  }, [customerId])

  const replaying = viewing !== null
  const pipeline = usePipeline.getState()
  const name = page?.name ?? known?.name ?? 'Customer'
  const level = page?.churnRisk ?? known?.churnRisk ?? 'low'
  return (
    <section className="customer-page" aria-labelledby="customer-page-title" data-testid="customer-page">
      <header className="customer-head">
        <button className="ghost" onClick={() => pipeline.closeCustomer()} title="Back (Esc)"><ArrowLeft size={16} aria-hidden /> Back</button>
        <div className="customer-title">
          <h2 id="customer-page-title" ref={heading} tabIndex={-1}><Building2 size={18} aria-hidden /> {name}</h2>
          <div className="muted">
            {page?.segment ?? known?.segment ?? 'No segment'} · churn risk <span className={`badge risk-badge risk-${level}`} data-testid="customer-churn-risk">{level}</span>
          </div>
        </div>
        <div className="customer-actions">
          <button disabled={replaying || page === null} title={replaying ? REPLAYING : undefined} onClick={() => pipeline.setFlagging({ customerId, level: nextLevel(level) })}>
            <Flame size={14} aria-hidden /> Flag churn risk…
          </button>
          <button className="primary" disabled={replaying || page === null} title={replaying ? REPLAYING : undefined} onClick={() => pipeline.openForm('opportunity')}>
            <Plus size={14} aria-hidden /> New deal
          </button>
        </div>
      </header>

      {page === undefined && <div className="muted" role="status">Loading {name}…</div>}
      {page === null && <div className="empty-state" role="status"><p>{name} was not registered yet at this point of the log.</p></div>}
      {page && (
        <>
          <div className="metric-cards customer-tiles">
            <Tile label="Open" total={page.totals.open} testId="customer-open" />
            <Tile label="Won" total={page.totals.won} testId="customer-won" />
            <Tile label="Lost" total={page.totals.lost} testId="customer-lost" />
            <Tile label="Revenue at risk" total={{ count: page.revenueAtRisk.opportunities.length, amount: page.revenueAtRisk.amount }} testId="customer-risk" tone="danger" />
          </div>
          <div className="customer-body">
            <section aria-labelledby="customer-deals-title">
              <h3 id="customer-deals-title">Deals</h3>
              <Deals page={page} />
            </section>
            <section aria-labelledby="customer-churn-title">
              <h3 id="customer-churn-title">Churn risk</h3>
              <ChurnHistory changes={page.churnRiskHistory} registeredAt={page.registeredAt} />
            </section>
          </div>
          <details className="customer-details">
            <summary>Details</summary>
            <dl>
              <dt>Customer id</dt><dd><code>{page.customerId}</code></dd>
              <dt>Registered</dt><dd>{page.registeredAt ? formatMoment(page.registeredAt) : 'unknown'}</dd>
            </dl>
          </details>
        </>
      )}
    </section>
  )
}
