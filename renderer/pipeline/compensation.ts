import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { SalesStage } from '../../domain/sales/stages.ts'
import type { Params } from '../../main/ipc/contract.ts'

/** A command the rep sent, as the undo history keeps it. */
export type SentCommand = Params<'dispatch'>

/** How to take a command back: the compensating command, or why the domain has none. */
export type Compensation = { ok: true; command: SentCommand; label: string } | { ok: false; message: string }

/** What the screen knew just before the command went out (a reopen does not say how the deal had closed). */
export interface Before {
  stage?: SalesStage
}

const none = (command: SentCommand): Compensation => ({ ok: false, message: `Can't undo ${command.command}: the domain has no compensating command.` })

/** The events the command itself caused on its target, not the policies' cascade after it. */
function own(command: SentCommand, events: EventEnvelope[]): EventEnvelope[] {
  return events.filter((e) => e.meta.policy === null && e.meta.command === command.command)
}

/**
 * The compensating command of a command the engine accepted, from the events it caused (DOMAIN.md has no
 * "undo": an UpdateOpportunity is taken back by another UpdateOpportunity, a close by a reopen, a reopen by a
 * close with the same outcome, a churn-risk flag by a flag back to the previous level).
 */
export function compensation(command: SentCommand, events: EventEnvelope[], before: Before = {}): Compensation {
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
      return send('UpdateOpportunity', { opportunityId, ...restore }, `restore ${Object.keys(changes).join(', ')}`)
    }
    case 'CloseOpportunity': {
      if (!data('OpportunityWon') && !data('OpportunityLost')) return none(command)
      return send('ReopenOpportunity', { opportunityId, reason: 'undo' }, 'reopen the opportunity')
    }
    case 'ReopenOpportunity': {
      if (!data('OpportunityReopened')) return none(command)
      if (before.stage !== 'closed_won' && before.stage !== 'closed_lost') return { ok: false, message: "Can't undo ReopenOpportunity: how the opportunity had closed is not known." }
      return send('CloseOpportunity', { opportunityId, outcome: before.stage === 'closed_won' ? 'won' : 'lost', reason: 'undo' }, `close it as ${before.stage === 'closed_won' ? 'won' : 'lost'} again`)
    }
    case 'FlagChurnRisk': {
      const flagged = data('ChurnRiskFlagged')
      if (!flagged) return none(command)
      return send('FlagChurnRisk', { customerId: command.data.customerId, level: flagged.previousLevel }, `set churn risk back to ${String(flagged.previousLevel)}`)
    }
    default:
      return none(command)
  }
}

/** Whether a command changed anything worth an undo entry (a command that changed nothing is not one). */
export function changedSomething(command: SentCommand, events: EventEnvelope[]): boolean {
  return own(command, events).length > 0
}
