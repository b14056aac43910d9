import type { DomainEvent } from '../../../domain/kernel/index.ts'

/** The payload of a typical CreateOpportunity: Acme's expansion deal, 50,000 USD, closing end of March 2027. */
export const newDeal = {
  opportunityId: 'o-1',
  customerId: 'acme',
  name: 'Acme expansion',
  kind: 'expansion',
  amount: '50000',
  closeDate: '2027-03-31',
  salesOwner: 'rep-7',
}

/** OpportunityCreated as the decider emits it for `newDeal` (with overrides). */
export function created(overrides: Partial<typeof newDeal> = {}): DomainEvent {
  return { type: 'OpportunityCreated', data: { ...newDeal, amount: '50000.00', ...overrides, stage: 'prospecting' } }
}

const event = (type: string, data: Record<string, unknown> = {}): DomainEvent => ({ type, data: { opportunityId: 'o-1', ...data } })

/** The events that walk `newDeal` through each stage. */
export const qualified = event('OpportunityQualified')
export const proposalSent = event('ProposalSent')
export const contractAccepted = event('ContractAccepted', { customerId: 'acme' })
export const won = event('OpportunityWon', { customerId: 'acme', amount: '50000.00', reason: null })
export const lost = event('OpportunityLost', { customerId: 'acme', reason: 'budget cut' })
export const flagged = event('RevenueAtRiskFlagged', { customerId: 'acme', amount: '50000.00' })
export const cleared = event('RevenueAtRiskCleared', { customerId: 'acme', reason: 'churn_risk_lowered' })

/** OpportunityReopened into a stage. */
export const reopened = (stage: string) => event('OpportunityReopened', { customerId: 'acme', stage, reason: null })

/** OpportunityUpdated with the given changes. */
export const updated = (changes: Record<string, { from: string; to: string }>) => event('OpportunityUpdated', { changes })

/** Every stage's history: the events that put `newDeal` there. */
export const inStage = {
  prospecting: [created()],
  qualification: [created(), qualified],
  proposal: [created(), qualified, proposalSent],
  closed_won: [created(), qualified, proposalSent, won],
  closed_lost: [created(), lost],
}
