import { dateOf, type EventEnvelope, type Policy, type PolicyContext, type ReactionCommand } from '../../kernel/index.ts'
import { isOpen } from '../stages.ts'
import type { CustomerOpportunities, OpportunityRow } from '../read-model/customers-and-opportunities.ts'

function customer(context: PolicyContext, customerId: string): CustomerOpportunities {
  return context.query('CustomerOpportunities', { customerId }) as CustomerOpportunities
}

/** Flags every open expansion opportunity of a high-risk customer that closes today or later, in creation order. */
function flagAll(context: PolicyContext, customerId: string): ReactionCommand[] {
  const book = customer(context, customerId)
  if (book.churnRisk !== 'high') return []
  const today = dateOf(context.now)
  return book.opportunities
    .filter((o) => o.kind === 'expansion' && isOpen(o.stage) && o.closeDate >= today && !o.flagged)
    .map((o) => ({ command: 'FlagRevenueAtRisk', data: { opportunityId: o.opportunityId, customerId } }))
}

/** Clears every flagged opportunity of a customer, in creation order. */
function clearAll(context: PolicyContext, customerId: string, reason: string): ReactionCommand[] {
  return customer(context, customerId)
    .opportunities.filter((o) => o.flagged)
    .map((o) => ({ command: 'ClearRevenueAtRisk', data: { opportunityId: o.opportunityId, reason } }))
}

function react(event: EventEnvelope, context: PolicyContext): ReactionCommand[] {
  const data = event.data
  if (event.type === 'ChurnRiskFlagged') {
    const customerId = String(data.customerId)
    if (data.level === 'high') return flagAll(context, customerId)
    if (data.previousLevel === 'high') return clearAll(context, customerId, 'churn_risk_lowered')
    return []
  }
  const opportunity = context.query('Opportunity', { opportunityId: data.opportunityId }) as OpportunityRow | null
  if (opportunity === null) return []
  if (event.type === 'OpportunityCreated' || event.type === 'OpportunityReopened') {
    return opportunity.kind === 'expansion' ? flagAll(context, opportunity.customerId) : []
  }
  if (!opportunity.flagged) return []
  const reason = event.type === 'OpportunityWon' ? 'opportunity_won' : 'opportunity_lost'
  return [{ command: 'ClearRevenueAtRisk', data: { opportunityId: opportunity.opportunityId, reason } }]
}

/**
 * Revenue at risk (seed 001 `is_at_risk`): flags a high-risk customer's open expansion opportunities that
 * close today or later, and clears the flags when the risk drops below high or a flagged deal closes.
 * Reacts only to these events: editing amounts or dates, or time passing, neither flags nor clears.
 */
export const RevenueAtRisk: Policy = {
  name: 'RevenueAtRisk',
  on: ['ChurnRiskFlagged', 'OpportunityCreated', 'OpportunityReopened', 'OpportunityWon', 'OpportunityLost'],
  react,
}
