import type { Params } from '../../main/ipc/contract.ts'
import { SALES_STAGES, isOpen, type SalesStage } from '../../domain/sales/stages.ts'

/** What dropping a card on another column means: the command to send, or why no command fits. */
export type Move = { ok: true; command: Params<'dispatch'> } | { ok: false; code: string; message: string }

/** The labels of the stages on the board (DOMAIN.md's names, as the event storming board says them). */
export const STAGE_LABELS: Record<SalesStage, string> = {
  prospecting: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal',
  closed_won: 'Won',
  closed_lost: 'Lost',
}

export { SALES_STAGES, type SalesStage }

/**
 * The command a drag from one stage to another sends. The engine decides: a skipped stage is sent
 * anyway so the rep sees the rule's own message (SendProposal from prospecting → NOT_QUALIFIED).
 */
export function moveCommand(opportunityId: string, from: SalesStage, to: SalesStage, actor: string): Move {
  const send = (command: string, data: Record<string, unknown> = {}): Move => ({ ok: true, command: { command, data: { opportunityId, ...data }, actor } })
  if (from === to) return { ok: false, code: 'SAME_STAGE', message: 'The opportunity is already in this stage.' }
  if (!isOpen(from)) {
    if (isOpen(to)) return send('ReopenOpportunity', { reason: `moved back to ${STAGE_LABELS[to]} on the board` })
    return { ok: false, code: 'OPPORTUNITY_CLOSED', message: 'A closed opportunity is reopened first: drag it to an open stage.' }
  }
  switch (to) {
    case 'prospecting':
      return { ok: false, code: 'NO_COMMAND', message: 'An opportunity does not go back to prospecting; close it as lost instead.' }
    case 'qualification':
      return send('QualifyOpportunity')
    case 'proposal':
      return send('SendProposal')
    case 'closed_won':
      return send('CloseOpportunity', { outcome: 'won' })
    case 'closed_lost':
      return send('CloseOpportunity', { outcome: 'lost' })
  }
}

/** The stage an opportunity ends in when a move's command is accepted (for the optimistic board). */
export function expectedStage(from: SalesStage, to: SalesStage): SalesStage {
  return SALES_STAGES.includes(to) ? to : from
}
