import type { Precondition } from '../kernel/index.ts'
import { portfolioStream } from './streams.ts'

/**
 * A rule about another aggregate, checked by the engine before a command is decided (a decider sees only
 * its own stream), in the kernel's form; `check` says in one word what `holds` tests: the stream has
 * events (`exists`), or its folded state has `status: 'open'` (`open`).
 */
interface TradingPrecondition extends Precondition {
  check: 'exists' | 'open'
}

/**
 * The Trading context's cross-aggregate preconditions for one schema-valid command, in the order to check
 * them; the first that fails rejects the command with its code. A deposit needs an open portfolio.
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
  return []
}
