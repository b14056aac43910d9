import type { EventEnvelope, Policy, PolicyContext, ReactionCommand } from '../kernel/index.ts'
import { orderTermsOf, type OrderTerms } from './order-terms.ts'
import type { TransferRow } from './transfers.ts'
import { portfolioIdOf } from './values.ts'

function transfer(context: PolicyContext, transferId: string): TransferRow | null {
  return context.query('Transfer', { transferId }) as TransferRow | null
}

/** When a portfolio places an order, the broker receives it. */
export const ForwardOrderToBroker: Policy = {
  name: 'ForwardOrderToBroker',
  on: ['OrderPlaced'],
  react(event: EventEnvelope): ReactionCommand[] {
    const placed = event.data as unknown as OrderTerms & { portfolioId: string }
    return [{ command: 'PlaceOrder', aggregate: 'Order', data: { portfolioId: placed.portfolioId, ...orderTermsOf(placed) } }]
  },
}

/** When the broker fills an order, the portfolio books the trade. */
export const SettleTrade: Policy = {
  name: 'SettleTrade',
  on: ['OrderFulfilled'],
  react(event: EventEnvelope): ReactionCommand[] {
    const { orderId, portfolioId, price, quantity } = event.data
    return [{ command: 'ProcessTrade', aggregate: 'Portfolio', data: { portfolioId, orderId, price, quantity } }]
  },
}

/** When the broker cancels an order, the portfolio learns it failed and releases what it set aside. */
export const ReportOrderFailure: Policy = {
  name: 'ReportOrderFailure',
  on: ['OrderCanceled'],
  react(event: EventEnvelope): ReactionCommand[] {
    const { orderId, portfolioId, reason } = event.data
    return [{ command: 'AcknowledgeOrderFailure', aggregate: 'Portfolio', data: { portfolioId, orderId, reason } }]
  },
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

/** The Trading context's policies (lilac stickies), in the order DOMAIN.md lists them. */
export const tradingPolicies: Policy[] = [ForwardOrderToBroker, SettleTrade, ReportOrderFailure, CreditDeposit, WireWithdrawal, RefundOnRejection]
