import { z } from 'zod'
import { Dec, money, reject, type AggregateDefinition, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { amountSchema, idSchema, textSchema } from './command-fields.ts'

/** A deposit (funds requested from an outside account) or a withdrawal (funds sent to one). */
export type TransferDirection = 'deposit' | 'withdrawal'
/** Where a transfer stands: waiting for the wire system (requested / sent), answered, or refunded after a rejection. */
export type TransferStatus = 'requested' | 'sent' | 'confirmed' | 'rejected' | 'refunded'

/** The WireTransfer aggregate's state: one transfer through the third-party wire system. `null` until started. */
interface WireTransferState {
  transferId: string
  portfolioId: string
  direction: TransferDirection
  amount: string
  /** The outside account: the deposit's source or the withdrawal's destination. */
  counterparty: string
  status: TransferStatus
}

const schemas = {
  RequestFunds: z.strictObject({ transferId: idSchema, portfolioId: idSchema, amount: amountSchema, source: textSchema }),
  SendFunds: z.strictObject({ transferId: idSchema, portfolioId: idSchema, amount: amountSchema, destination: textSchema }),
  ConfirmTransfer: z.strictObject({ transferId: idSchema }),
  RejectTransfer: z.strictObject({ transferId: idSchema, reason: textSchema }),
  RefundSender: z.strictObject({ transferId: idSchema }),
}

/** Starts a transfer; the same transfer again is a duplicate delivery, another one under its id a conflict. */
function start(state: WireTransferState | null, direction: TransferDirection, data: any, counterparty: string): DomainEvent[] | Rejection {
  if (state !== null) {
    const same = state.direction === direction && state.portfolioId === data.portfolioId && new Dec(state.amount).equals(data.amount) && state.counterparty === counterparty
    return same ? [] : reject('DUPLICATE_TRANSFER', `transfer ${data.transferId} already exists with other details`, { transferId: data.transferId })
  }
  const common = { transferId: data.transferId, portfolioId: data.portfolioId, amount: money(data.amount) }
  return direction === 'deposit'
    ? [{ type: 'FundsRequested', data: { ...common, source: counterparty } }]
    : [{ type: 'FundsSent', data: { ...common, destination: counterparty } }]
}

/** Decides one WireTransfer command: the rows of DOMAIN.md's Wire transfer table. */
function decideWireTransfer(command: { type: string; data: Record<string, unknown> }, state: WireTransferState | null): DomainEvent[] | Rejection {
  const data = command.data as any
  if (command.type === 'RequestFunds') return start(state, 'deposit', data, data.source)
  if (command.type === 'SendFunds') return start(state, 'withdrawal', data, data.destination)
  if (state === null) return reject('UNKNOWN_TRANSFER', `no transfer ${data.transferId}`)
  const ids = { transferId: state.transferId, portfolioId: state.portfolioId }
  const waiting = state.status === 'requested' || state.status === 'sent'
  switch (command.type) {
    case 'ConfirmTransfer':
      if (!waiting) return reject('TRANSFER_SETTLED', `transfer ${state.transferId} is already ${state.status}`, { status: state.status })
      return [{ type: 'TransferConfirmed', data: ids }]
    case 'RejectTransfer':
      if (!waiting) return reject('TRANSFER_SETTLED', `transfer ${state.transferId} is already ${state.status}`, { status: state.status })
      return [{ type: 'TransferRejected', data: { ...ids, reason: data.reason } }]
    case 'RefundSender':
      if (state.status === 'refunded') return []
      if (state.direction !== 'withdrawal' || state.status !== 'rejected') {
        return reject('TRANSFER_NOT_REFUNDABLE', `only a rejected withdrawal is refunded; transfer ${state.transferId} is a ${state.status} ${state.direction}`, { status: state.status, direction: state.direction })
      }
      return [{ type: 'SenderRefunded', data: { ...ids, amount: state.amount } }]
    default:
      throw new Error(`WireTransfer has no command ${command.type}`)
  }
}

/** Folds one WireTransfer event into the state. */
function evolveWireTransfer(state: WireTransferState | null, event: DomainEvent): WireTransferState | null {
  const d = event.data as Record<string, any>
  switch (event.type) {
    case 'FundsRequested':
      return { transferId: d.transferId, portfolioId: d.portfolioId, direction: 'deposit', amount: d.amount, counterparty: d.source, status: 'requested' }
    case 'FundsSent':
      return { transferId: d.transferId, portfolioId: d.portfolioId, direction: 'withdrawal', amount: d.amount, counterparty: d.destination, status: 'sent' }
    case 'TransferConfirmed': return state && { ...state, status: 'confirmed' }
    case 'TransferRejected': return state && { ...state, status: 'rejected' }
    case 'SenderRefunded': return state && { ...state, status: 'refunded' }
    default: return state
  }
}

const byTransfer = (data: Record<string, unknown>) => data.transferId as string

/** The WireTransfer aggregate: an adapter in front of the third-party wire system, one transfer per stream. */
export const WireTransfer: AggregateDefinition<WireTransferState | null> = {
  name: 'WireTransfer',
  decider: { initialState: null, decide: decideWireTransfer, evolve: evolveWireTransfer },
  commands: {
    RequestFunds: { schema: schemas.RequestFunds, id: byTransfer, fieldCodes: { amount: 'INVALID_AMOUNT' } },
    SendFunds: { schema: schemas.SendFunds, id: byTransfer, policyOnly: true, fieldCodes: { amount: 'INVALID_AMOUNT' } },
    ConfirmTransfer: { schema: schemas.ConfirmTransfer, id: byTransfer },
    RejectTransfer: { schema: schemas.RejectTransfer, id: byTransfer },
    RefundSender: { schema: schemas.RefundSender, id: byTransfer, policyOnly: true },
  },
}
