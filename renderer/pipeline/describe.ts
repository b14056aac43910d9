import { formatMoney } from './store.ts'
import { STAGE_LABELS, type SalesStage } from './moves.ts'

/** The words for each field an UpdateOpportunity changes. */
const FIELD_WORDS: Record<string, string> = { name: 'name', amount: 'amount', closeDate: 'close date', salesOwner: 'owner' }

/** A field's value as people read it (amounts in the display currency). */
function shown(field: string, value: unknown): string {
  return field === 'amount' ? formatMoney(String(value)) : String(value)
}

/** "amount 48,000.00 → 52,000.00; close date 2027-06-30 → 2027-07-31": what an OpportunityUpdated changed. */
export function describeChanges(changes: Record<string, { from: unknown; to: unknown }>): string {
  return Object.entries(changes).map(([field, c]) => `${FIELD_WORDS[field] ?? field} ${shown(field, c.from)} → ${shown(field, c.to)}`).join('; ')
}

/** "amount of Acme platform back to 48,000.00": what undoing an UpdateOpportunity puts back. */
export function describeRestore(changes: Record<string, { from: unknown }>, deal: string): string {
  return Object.entries(changes).map(([field, c]) => `${FIELD_WORDS[field] ?? field} of ${deal} back to ${shown(field, c.from)}`).join('; ')
}

/** One line of a deal's history in words: what the event changed (amount, close date, stage, reason, next step). */
export function describeEvent(type: string, data: Record<string, unknown>): string {
  const stage = (s: unknown) => STAGE_LABELS[s as SalesStage] ?? String(s)
  const reason = data.reason ? ` (${String(data.reason)})` : ''
  switch (type) {
    case 'OpportunityCreated':
      return `${formatMoney(String(data.amount))}, closes ${String(data.closeDate)}, owner ${String(data.salesOwner)}, in Prospecting`
    case 'OpportunityUpdated':
      return describeChanges(data.changes as Record<string, { from: unknown; to: unknown }>)
    case 'OpportunityQualified':
      return 'stage Prospecting → Qualification'
    case 'ProposalSent':
      return 'stage Qualification → Proposal'
    case 'ContractAccepted':
      return 'contract accepted'
    case 'OpportunityWon':
      return `stage → Won${reason}`
    case 'OpportunityLost':
      return `stage → Lost${reason}`
    case 'OpportunityReopened':
      return `reopened into ${stage(data.stage)}${reason}`
    case 'NextStepScheduled':
      return `next step: ${String(data.text)}, due ${String(data.due)}`
    case 'NextStepCompleted':
      return `next step done: ${String(data.text)}`
    case 'RevenueAtRiskFlagged':
      return `flagged as revenue at risk (${formatMoney(String(data.amount))})`
    case 'RevenueAtRiskCleared':
      return `revenue at risk cleared${reason}`
    default:
      return ''
  }
}
