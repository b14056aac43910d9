import type { Policy, PolicyContext, ReactionCommand } from '../../kernel/index.ts'
import type { TransferRow } from '../read-model/transfers.ts'

/**
 * The wire system (pink sticky: a simulated third party). In `auto` mode (the default) it confirms every
 * transfer at once; in `manual` mode it waits for a person to confirm or reject (practice, workshops).
 */
export const WireSystem: Policy = {
  name: 'WireSystem',
  kind: 'external',
  on: ['FundsRequested', 'FundsSent'],
  react(event, context: PolicyContext): ReactionCommand[] {
    if (context.settings.wire === 'manual') return []
    const { transferId } = event.data as { transferId: string }
    const transfer = context.query('Transfer', { transferId }) as TransferRow | null
    if (transfer === null || (transfer.status !== 'requested' && transfer.status !== 'sent')) return []
    return [{ command: 'ConfirmTransfer', data: { transferId } }]
  },
}
