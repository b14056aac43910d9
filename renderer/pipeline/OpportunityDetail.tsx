import { X } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { describeEvent } from './describe.ts'
import { MoveMenu } from './MoveMenu.tsx'
import { NextStepEditor } from './NextStep.tsx'
import { query } from '../workspace/queries.ts'
import { useWorkspace } from '../workspace/store.ts'
import { InlineField } from './InlineField.tsx'
import { STAGE_LABELS } from './moves.ts'
import { formatMoney, usePipeline } from './store.ts'
import { formatMoment } from '../workspace/dates.ts'

/** One line of the OpportunityHistory read model. */
interface HistoryEntry {
  position: number
  type: string
  at: string
  actor?: string
  policy?: string
  data: Record<string, unknown>
}

/** An opportunity's fields, its stage actions and its history as a timeline of who did what, when. */
export function OpportunityDetail({ opportunityId }: { opportunityId: string }) {
  const opportunity = usePipeline((s) => s.opportunities.find((o) => o.opportunityId === opportunityId))
  const customer = usePipeline((s) => s.customers.find((c) => c.customerId === opportunity?.customerId))
  const position = useWorkspace((s) => s.info?.lastPosition)
  const viewing = useWorkspace((s) => s.viewingPosition)
  const [history, setHistory] = useState<HistoryEntry[]>([])

  useEffect(() => {
    let live = true
    void query<HistoryEntry[]>('OpportunityHistory', { opportunityId }).then((result) => {
      if (live && result.ok) setHistory(result.value)
    })
    return () => {
      live = false
    }
  }, [opportunityId, position, viewing, opportunity?.stage])

  // Opened (by Enter, a click, the palette): focus moves into the panel; closed: back to the deal's card.
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    // (The "Move to…" menu, opened with the panel by `m`, keeps the focus it took.)
    if (!usePipeline.getState().moving) panel.current?.querySelector<HTMLElement>('h2')?.focus()
    return () => {
      const id = CSS.escape(opportunityId)
      const card = document.querySelector<HTMLElement>(`[data-testid="card"][data-id="${id}"], [data-opens-deal="${id}"]`)
      if (card && (document.activeElement === document.body || document.activeElement === null)) card.focus()
    }
  }, [opportunityId])

  if (!opportunity) return null
  const send = (command: string, data: Record<string, unknown> = {}) => () => void usePipeline.getState().send(command, { opportunityId, ...data })
  const open = opportunity.stage !== 'closed_won' && opportunity.stage !== 'closed_lost'
  return (
    <aside ref={panel} className="detail" aria-label="Opportunity" data-testid="opportunity-detail">
      <header>
        <h2 tabIndex={-1}>{opportunity.name}</h2>
        <button className="ghost" aria-label="Close" onClick={() => usePipeline.getState().select(null)}><X size={16} aria-hidden /></button>
      </header>
      <dl>
        <dt>Customer</dt><dd>{customer ? <button className="link" data-customer-link={customer.customerId} title="Open the customer's page" onClick={() => usePipeline.getState().openCustomer(customer.customerId, opportunityId)}>{customer.name}</button> : 'Unknown customer'}</dd>
        <dt>Stage</dt><dd>{STAGE_LABELS[opportunity.stage]}</dd>
        <InlineField opportunityId={opportunityId} field="name" label="Name" value={opportunity.name} closed={!open} />
        <InlineField opportunityId={opportunityId} field="amount" label="Amount" value={opportunity.amount} display={formatMoney(opportunity.amount)} closed={!open} />
        <dt>Kind</dt><dd>{opportunity.kind}</dd>
        <InlineField opportunityId={opportunityId} field="closeDate" label="Close date" value={opportunity.closeDate} closed={!open} />
        <InlineField opportunityId={opportunityId} field="salesOwner" label="Owner" value={opportunity.salesOwner} closed={!open} />
      </dl>
      <div className="stage-actions">
        {opportunity.stage === 'prospecting' && <button onClick={send('QualifyOpportunity')}>Qualify</button>}
        {opportunity.stage === 'qualification' && <button onClick={send('SendProposal')}>Send proposal</button>}
        {opportunity.stage === 'proposal' && <button className="primary" onClick={send('AcceptContract')}>Contract accepted</button>}
        {open && <button onClick={() => usePipeline.getState().setLosing(opportunityId)}>Mark lost…</button>}
        {!open && <button onClick={send('ReopenOpportunity')}>Reopen</button>}
        <MoveMenu opportunityId={opportunityId} stage={opportunity.stage} />
      </div>
      <NextStepEditor key={opportunityId} opportunity={opportunity} open={open} />
      <h3>History</h3>
      <ol className="timeline" data-testid="history">
        {history.map((h) => (
          <li key={h.position}>
            <div className="event-type">{h.type}</div>
            {describeEvent(h.type, h.data) && <div className="event-change" data-testid="history-change">{describeEvent(h.type, h.data)}</div>}
            <div className="muted">{formatMoment(h.at)} · {h.policy ? `policy ${h.policy}` : `by ${h.actor ?? 'unknown'}`}</div>
          </li>
        ))}
      </ol>
    </aside>
  )
}
