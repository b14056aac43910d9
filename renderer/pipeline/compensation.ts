import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { SalesStage } from '../../domain/sales/stages.ts'
import { describeRestore } from './describe.ts'
import { noCompensation as none, ownEvents as own, type Compensation, type SentCommand } from '../workspace/compensations.ts'

/** What the board knew just before the command went out (a reopen does not say how the deal had closed). */
export interface Before {
  stage?: SalesStage
}

/** The sales commands this file takes back. */
export const COMPENSATED_SALES_COMMANDS = ['UpdateOpportunity', 'CloseOpportunity', 'ReopenOpportunity', 'FlagChurnRisk'] as const

/**
 * The compensating command of a command the engine accepted, from the events it caused (DOMAIN.md has no
 * "undo": an UpdateOpportunity is taken back by another UpdateOpportunity, a close by a reopen, a reopen by a
 * close with the same outcome, a churn-risk flag by a flag back to the previous level).
 */
export function compensation(command: SentCommand, events: EventEnvelope[], before: Before = {}, nameOf: (id: unknown) => string = String): Compensation {
  const mine = own(command, events)
  const data = (type: string) => mine.find((e) => e.type === type)?.data
  const actor = command.actor
  const send = (name: string, payload: Record<string, unknown>, label: string): Compensation => ({ ok: true, command: { command: name, data: payload, ...(actor ? { actor } : {}) }, label })
  const opportunityId = command.data.opportunityId
  switch (command.command) {
    case 'UpdateOpportunity': {
      const changes = data('OpportunityUpdated')?.changes as Record<string, { from: unknown; to: unknown }> | undefined
      if (!changes || Object.keys(changes).length === 0) return none(command)
      const restore = Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.from]))
      return send('UpdateOpportunity', { opportunityId, ...restore }, describeRestore(changes, nameOf(opportunityId)))
    }
    case 'CloseOpportunity': {
      if (!data('OpportunityWon') && !data('OpportunityLost')) return none(command)
      return send('ReopenOpportunity', { opportunityId, reason: 'undo' }, `reopened ${nameOf(opportunityId)}`)
    }
    case 'ReopenOpportunity': {
      if (!data('OpportunityReopened')) return none(command)
      if (before.stage !== 'closed_won' && before.stage !== 'closed_lost') return { ok: false, message: "Can't undo ReopenOpportunity: how the opportunity had closed is not known." }
      return send('CloseOpportunity', { opportunityId, outcome: before.stage === 'closed_won' ? 'won' : 'lost', reason: 'undo' }, `${nameOf(opportunityId)} closed as ${before.stage === 'closed_won' ? 'won' : 'lost'} again`)
    }
    case 'FlagChurnRisk': {
      const flagged = data('ChurnRiskFlagged')
      if (!flagged) return none(command)
      return send('FlagChurnRisk', { customerId: command.data.customerId, level: flagged.previousLevel }, `churn risk of ${nameOf(command.data.customerId)} back to ${String(flagged.previousLevel)}`)
    }
    default:
      return none(command)
  }
}
