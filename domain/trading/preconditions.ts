import type { Precondition } from '../kernel/index.ts'
import { portfolioStream, wireTransferStream } from './streams.ts'

/**
 * A rule about another aggregate, checked by the engine before a command is decided (a decider sees only
 * its own stream), in the kernel's form; `check` says in one word what `holds` tests: the stream has
 * events (`exists`), its folded state has `status: 'open'` (`open`), or it is a transfer of this portfolio
 * that the wire system refunded (`refunded`).
 */
interface TradingPrecondition extends Precondition {
  check: 'exists' | 'open' | 'refunded'
}

/**
 * The Trading context's cross-aggregate preconditions for one schema-valid command, in the order to check
 * them; the first that fails rejects the command with its code. A deposit needs an open portfolio; a
 * refund needs the wire transfer's `SenderRefunded` (no cash comes from nowhere: docs/domain.md).
 */
export function tradingPreconditions(command: string, aggregate: string, data: Record<string, unknown>): TradingPrecondition[] {
  if (aggregate === 'WireTransfer' && command === 'RequestFunds') {
    const portfolioId = String(data.portfolioId)
    const stream = portfolioStream(portfolioId)
    return [
      { aggregate: 'Portfolio', stream, check: 'exists', holds: (_state, version) => version > 0, code: 'UNKNOWN_PORTFOLIO', message: `no portfolio ${portfolioId}` },
      { aggregate: 'Portfolio', stream, check: 'open', holds: (state) => (state as { status?: string } | null)?.status === 'open', code: 'PORTFOLIO_CLOSED', message: `portfolio ${portfolioId} is closed` },
    ]
  }
  if (aggregate === 'Portfolio' && command === 'AcceptRefund') {
    const transferId = String(data.transferId)
    const portfolioId = String(data.portfolioId)
    const refunded = (state: unknown) => {
      const transfer = state as { status?: string; portfolioId?: string } | null
      return transfer?.status === 'refunded' && transfer.portfolioId === portfolioId
    }
    return [{
      aggregate: 'WireTransfer', stream: wireTransferStream(transferId), check: 'refunded', holds: refunded,
      code: 'TRANSFER_NOT_REFUNDED', message: `the wire system has not refunded transfer ${transferId} to portfolio ${portfolioId}`,
    }]
  }
  return []
}
