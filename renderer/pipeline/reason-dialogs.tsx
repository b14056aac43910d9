import { useState } from 'react'
import { CHURN_RISK_LEVELS, type ChurnRisk } from '../../domain/sales/stages.ts'
import { Dialog } from './forms.tsx'
import { usePipeline } from './store.ts'

/** The reasons a rep most often gives for a lost deal (the last one lets them write their own). */
export const LOST_REASONS = ['Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing'] as const

/** The reasons a customer's churn risk most often changes. */
export const CHURN_REASONS = ['Usage dropped', 'Champion left', 'Support escalations', 'Budget cuts', 'Renewal at risk'] as const

const OTHER = 'Other'

/** A choice of common reasons or free text; answers the reason as written. */
function ReasonPicker({ reasons, reason, setReason, name }: { reasons: readonly string[]; reason: string; setReason: (r: string) => void; name: string }) {
  const [choice, setChoice] = useState<string>('')
  return (
    <fieldset className="reasons">
      <legend>Reason</legend>
      {[...reasons, OTHER].map((r, i) => (
        <label key={r} className="reason">
          <input type="radio" name={name} value={r} data-autofocus={i === 0 ? true : undefined} checked={choice === r} onChange={() => {
            setChoice(r)
            setReason(r === OTHER ? '' : r)
          }} /> {r}
        </label>
      ))}
      {choice === OTHER && <label>In your words <input name="reason-text" autoFocus maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} /></label>}
    </fieldset>
  )
}

/** CloseOpportunity lost, by drag or by button: asks why first. */
export function LostDialog({ opportunityId }: { opportunityId: string }) {
  const deal = usePipeline((s) => s.opportunities.find((o) => o.opportunityId === opportunityId))
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const close = () => usePipeline.getState().setLosing(null)
  return (
    <Dialog title={`Mark ${deal?.name ?? 'the deal'} lost`} submit="Mark lost" onClose={close} onSubmit={async () => {
      if (!reason.trim()) {
        setError('Choose a reason, or write one.')
        return false
      }
      await usePipeline.getState().markLost(opportunityId, reason)
      return false
    }}>
      <ReasonPicker reasons={LOST_REASONS} reason={reason} setReason={(r) => (setReason(r), setError(null))} name="lost-reason" />
      {error && <div className="field-error" role="alert">{error}</div>}
    </Dialog>
  )
}

/** FlagChurnRisk: the level and why. */
export function ChurnRiskDialog({ customerId, level: initial }: { customerId: string; level: ChurnRisk }) {
  const customer = usePipeline((s) => s.customers.find((c) => c.customerId === customerId))
  const [level, setLevel] = useState<ChurnRisk>(initial)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const close = () => usePipeline.getState().setFlagging(null)
  return (
    <Dialog title={`Flag churn risk: ${customer?.name ?? 'the customer'}`} submit="Flag churn risk" onClose={close} onSubmit={async () => {
      if (!reason.trim()) {
        setError('Choose a reason, or write one.')
        return false
      }
      const ok = await usePipeline.getState().send('FlagChurnRisk', { customerId, level, reason: reason.trim() })
      if (ok) close()
      return false
    }}>
      <label>Level <select name="level" value={level} onChange={(e) => setLevel(e.target.value as ChurnRisk)}>
        {CHURN_RISK_LEVELS.map((l) => <option key={l}>{l}</option>)}
      </select></label>
      <ReasonPicker reasons={CHURN_REASONS} reason={reason} setReason={(r) => (setReason(r), setError(null))} name="churn-reason" />
      {error && <div className="field-error" role="alert">{error}</div>}
    </Dialog>
  )
}
