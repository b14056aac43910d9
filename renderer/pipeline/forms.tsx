import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useFocusTrap } from './focus-trap.ts'
import { OPPORTUNITY_KINDS, type OpportunityKind } from '../../domain/sales/stages.ts'
import { useWorkspace } from '../workspace/store.ts'
import { usePipeline } from './store.ts'

/** A modal form: focus held inside while open and given back on close, Esc or Cancel closes it. */
export function Dialog({ title, onSubmit, children, submit, onClose }: { title: string; onSubmit: () => Promise<boolean>; children: ReactNode; submit: string; onClose?: () => void }) {
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLFormElement>(null)
  const close = onClose ?? (() => usePipeline.getState().openForm(null))
  useFocusTrap(ref, close)
  const handle = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const ok = await onSubmit()
    setBusy(false)
    if (ok) close()
  }
  return (
    <div className="overlay" onClick={close}>
      <form ref={ref} className="dialog" role="dialog" aria-modal="true" aria-label={title} noValidate onClick={(e) => e.stopPropagation()} onSubmit={handle}>
        <h2>{title}</h2>
        {children}
        <div className="actions">
          <button type="button" onClick={close}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>{submit}</button>
        </div>
      </form>
    </div>
  )
}

/** RegisterCustomer: the id is made here, the name and segment by the rep. */
export function NewCustomerForm() {
  const [name, setName] = useState('')
  const [segment, setSegment] = useState('')
  return (
    <Dialog title="New customer" submit="Register customer" onSubmit={() => usePipeline.getState().send('RegisterCustomer', { customerId: crypto.randomUUID(), name: name.trim(), ...(segment.trim() ? { segment: segment.trim() } : {}) })}>
      <label>Name <input name="name" autoFocus required value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>Segment <input name="segment" placeholder="optional" value={segment} onChange={(e) => setSegment(e.target.value)} /></label>
    </Dialog>
  )
}

function inAMonth(): string {
  const d = new Date()
  d.setMonth(d.getMonth() + 1)
  return d.toISOString().slice(0, 10)
}

/** CreateOpportunity: lands in Prospecting ("Opportunity Identified"). */
export function NewOpportunityForm() {
  const customers = usePipeline((s) => s.customers)
  const actor = useWorkspace((s) => s.actor)
  const [customerId, setCustomerId] = useState(usePipeline.getState().filters.customerId || customers[customers.length - 1]?.customerId || '')
  const [name, setName] = useState('')
  const [kind, setKind] = useState<OpportunityKind>('new')
  const [amount, setAmount] = useState('')
  const [closeDate, setCloseDate] = useState(inAMonth())
  const [salesOwner, setOwner] = useState(actor)
  if (customers.length === 0) {
    return (
      <Dialog title="New opportunity" submit="Register a customer first" onSubmit={async () => (usePipeline.getState().openForm('customer'), false)}>
        <p>An opportunity belongs to a customer, and there is none yet.</p>
      </Dialog>
    )
  }
  return (
    <Dialog title="New opportunity" submit="Create opportunity" onSubmit={() => usePipeline.getState().send('CreateOpportunity', { opportunityId: crypto.randomUUID(), customerId, name: name.trim(), kind, amount: amount.trim(), closeDate, salesOwner: salesOwner.trim() })}>
      <label>Customer <select name="customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
        {customers.map((c) => <option key={c.customerId} value={c.customerId}>{c.name}</option>)}
      </select></label>
      <label>Name <input name="name" autoFocus required value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>Kind <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as OpportunityKind)}>
        {OPPORTUNITY_KINDS.map((k) => <option key={k}>{k}</option>)}
      </select></label>
      <label>Amount <input name="amount" inputMode="decimal" required placeholder="12000" value={amount} onChange={(e) => setAmount(e.target.value)} /></label>
      <label>Close date <input name="closeDate" type="date" required value={closeDate} onChange={(e) => setCloseDate(e.target.value)} /></label>
      <label>Sales owner <input name="salesOwner" required value={salesOwner} onChange={(e) => setOwner(e.target.value)} /></label>
    </Dialog>
  )
}
