import type { EventEnvelope } from '../kernel/index.ts'

/** The stream of a portfolio: `Portfolio-<id>`. */
export function portfolioStream(portfolioId: string): string {
  return `Portfolio-${portfolioId}`
}

/** The portfolio an event of a Portfolio stream belongs to (its events need not repeat the id). */
export function portfolioIdOf(event: EventEnvelope): string {
  return event.stream.slice('Portfolio-'.length)
}

/** The stream of a wire transfer: `WireTransfer-<id>`. */
export function wireTransferStream(transferId: string): string {
  return `WireTransfer-${transferId}`
}
