import type { EventEnvelope } from '../../domain/kernel/envelope.ts'

/** Whether any of these events changes the portfolio list (its names, statuses or loyalty levels). */
export function changesPortfolioList(events: readonly EventEnvelope[]): boolean {
  return events.some((event) => event.type === 'PortfolioOpened' || event.type === 'PortfolioClosed' || event.type === 'LoyaltyLevelChanged')
}

/** Whether any of these events can change what the trading screens show. */
export function touchesTrading(events: readonly EventEnvelope[]): boolean {
  return events.some((event) => event.meta?.context === 'trading')
}
