import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useFocusTrap } from '../workspace/focus-trap.ts'
import { OPPORTUNITY_KINDS, type OpportunityKind } from '../../domain/sales/stages.ts'
import { useWorkspace } from '../workspace/store.ts'
import { parseAmount } from '../workspace/amount.ts'
import { named, usePipeline } from './store.ts'
import { reject } from '../workspace/toasts.ts'

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
  // The customer whose page is open, else the one the board is filtered on, else the newest.
  const [customerId, setCustomerId] = useState(() => {
    const { customerPage, filters } = usePipeline.getState()
    return customerPage?.customerId || filters.customerId || customers[customers.length - 1]?.customerId || ''
  })
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
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = async () => {
    const problems: Record<string, string> = {}
    const parsed = parseAmount(amount)
    if (!parsed.ok) problems.amount = parsed.message
    if (!name.trim()) problems.name = 'Name the deal, like "Acme platform".'
    if (!closeDate) problems.closeDate = 'Choose the date it is expected to close.'
    if (!salesOwner.trim()) problems.salesOwner = 'Name who owns the deal.'
    setErrors(problems)
    if (Object.keys(problems).length > 0 || !parsed.ok) return false
    const refused = await usePipeline.getState().sendFor('CreateOpportunity', { opportunityId: crypto.randomUUID(), customerId, name: name.trim(), kind, amount: parsed.value, closeDate, salesOwner: salesOwner.trim() })
    if (!refused) return true
    // A refusal that names a field shows at that field; any other as a toast, in words.
    const field = String((refused.details as { field?: string } | undefined)?.field ?? '')
    if (field in FIELD_WORDS) setErrors({ [field]: FIELD_WORDS[field] })
    else reject(named(refused))
    return false
  }
  const error = (field: string) => errors[field] && <div className="field-error" role="alert" data-testid={`error-${field}`}>{errors[field]}</div>
  return (
    <Dialog title="New opportunity" submit="Create opportunity" onSubmit={submit}>
      <label>Customer <select name="customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
        {customers.map((c) => <option key={c.customerId} value={c.customerId}>{c.name}</option>)}
      </select></label>
      <label>Name <input name="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} /></label>
      {error('name')}
      <label>Kind <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as OpportunityKind)}>
        {OPPORTUNITY_KINDS.map((k) => <option key={k}>{k}</option>)}
      </select></label>
      <label>Amount <input name="amount" inputMode="decimal" placeholder="12,000.50" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!errors.amount} /></label>
      {error('amount')}
      <label>Close date <input name="closeDate" type="date" value={closeDate} onChange={(e) => setCloseDate(e.target.value)} aria-invalid={!!errors.closeDate} /></label>
      {error('closeDate')}
      <label>Sales owner <input name="salesOwner" value={salesOwner} onChange={(e) => setOwner(e.target.value)} aria-invalid={!!errors.salesOwner} /></label>
      {error('salesOwner')}
    </Dialog>
  )
}

/** The engine's refusals of a CreateOpportunity field, in the words the form shows at that field. */
const FIELD_WORDS: Record<string, string> = {
  amount: 'Amount must be a number, like 12,000.50',
  name: 'Name the deal, like "Acme platform".',
  closeDate: 'The close date must be a real date, like 2027-03-31.',
  salesOwner: 'Name who owns the deal.',
}
