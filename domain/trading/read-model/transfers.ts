import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'
import type { TransferDirection, TransferStatus } from '../wire-transfer.ts'

/** One row of the Transfers read model. */
export interface TransferRow {
  transferId: string
  portfolioId: string
  direction: TransferDirection
  amount: string
  status: TransferStatus
  /** Once rejected: the wire system's reason. */
  reason?: string
  /** When the transfer was started (its FundsRequested's or FundsSent's `at`). */
  requestedAt: string
  /** When the row last changed: started, confirmed, rejected or refunded. */
  updatedAt: string
}

/** The Transfers read model's state: every transfer, and each portfolio's transfer ids in the order started. */
interface TransfersState {
  transfers: Record<string, TransferRow>
  byPortfolio: Record<string, string[]>
}

const STATUS_AFTER: Record<string, TransferStatus> = { TransferConfirmed: 'confirmed', TransferRejected: 'rejected', SenderRefunded: 'refunded' }

/** The Transfers read model: each portfolio's deposits and withdrawals, and a lookup of one transfer for the policies. */
export const TransfersProjection: Projection<TransfersState> = {
  name: 'Transfers',
  init: () => ({ transfers: {}, byPortfolio: {} }),
  on: ['FundsRequested', 'FundsSent', 'TransferConfirmed', 'TransferRejected', 'SenderRefunded'],
  apply(state, event) {
    const d = event.data as Record<string, any>
    if (event.type === 'FundsRequested' || event.type === 'FundsSent') {
      const deposit = event.type === 'FundsRequested'
      state.transfers[d.transferId] = {
        transferId: d.transferId, portfolioId: d.portfolioId, direction: deposit ? 'deposit' : 'withdrawal', amount: d.amount, status: deposit ? 'requested' : 'sent',
        requestedAt: event.at, updatedAt: event.at,
      }
      ;(state.byPortfolio[d.portfolioId] ??= []).push(d.transferId)
      return state
    }
    const row = state.transfers[d.transferId]
    if (row === undefined) return state
    row.status = STATUS_AFTER[event.type]
    row.updatedAt = event.at
    if (event.type === 'TransferRejected') row.reason = d.reason
    return state
  },
  queries: {
    Transfers: {
      params: z.object({ portfolioId: z.string() }),
      run: (state, params): TransferRow[] => (state.byPortfolio[params.portfolioId as string] ?? []).map((id) => ({ ...state.transfers[id] })),
    },
    Transfer: {
      params: z.object({ transferId: z.string() }),
      run: (state, params): TransferRow | null => {
        const row = state.transfers[params.transferId as string]
        return row === undefined ? null : { ...row }
      },
    },
  },
}
