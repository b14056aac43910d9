import type { EventEnvelope, Policy, PolicyContext, ReactionCommand } from '../../kernel/index.ts'
import type { TransferRow } from '../read-model/transfers.ts'
import { portfolioIdOf } from '../streams.ts'

// The policies that carry money between the Portfolio and a WireTransfer, there and back.

function transfer(context: PolicyContext, transferId: string): TransferRow | null {
  return context.query('Transfer', { transferId }) as TransferRow | null
}

/** When the wire system confirms a deposit, the portfolio is credited. */
export const CreditDeposit: Policy = {
  name: 'CreditDeposit',
  on: ['TransferConfirmed'],
  react(event: EventEnvelope, context: PolicyContext): ReactionCommand[] {
    const found = transfer(context, event.data.transferId as string)
    if (found === null || found.direction !== 'deposit') return []
    return [{ command: 'ReceiveFunds', aggregate: 'Portfolio', data: { portfolioId: found.portfolioId, transferId: found.transferId, amount: found.amount } }]
  },
}

/** When a portfolio pays out a withdrawal, the wire transfer sends it. */
export const WireWithdrawal: Policy = {
  name: 'WireWithdrawal',
  on: ['FundsDebited'],
  react(event: EventEnvelope): ReactionCommand[] {
    const { transferId, amount, destination } = event.data
    if (transferId === undefined) return []
    return [{ command: 'SendFunds', aggregate: 'WireTransfer', data: { transferId, portfolioId: portfolioIdOf(event), amount, destination } }]
  },
}

/** When the wire system rejects a withdrawal, the sender is refunded, and the refund goes back to the portfolio. */
export const RefundOnRejection: Policy = {
  name: 'RefundOnRejection',
  on: ['TransferRejected', 'SenderRefunded'],
  react(event: EventEnvelope, context: PolicyContext): ReactionCommand[] {
    if (event.type === 'SenderRefunded') {
      const { transferId, portfolioId, amount } = event.data
      return [{ command: 'AcceptRefund', aggregate: 'Portfolio', data: { portfolioId, transferId, amount } }]
    }
    const found = transfer(context, event.data.transferId as string)
    if (found === null || found.direction !== 'withdrawal') return []
    return [{ command: 'RefundSender', aggregate: 'WireTransfer', data: { transferId: found.transferId } }]
  },
}
