import type { EventEnvelope } from '../../domain/kernel/envelope.ts'

/** A portfolio as the trader's list knows it, learned from the log (there is no query listing them). */
export interface KnownPortfolio {
  portfolioId: string
  name: string
  owner: string | null
  status: 'open' | 'closed'
}

function idOf(event: EventEnvelope): string {
  const id = (event.data as { portfolioId?: unknown }).portfolioId
  return typeof id === 'string' ? id : event.stream.replace(/^Portfolio-/, '')
}

/** The list after some more events: PortfolioOpened adds one (in the order opened), PortfolioClosed marks it. */
export function learnPortfolios(known: readonly KnownPortfolio[], events: readonly EventEnvelope[]): KnownPortfolio[] {
  let list = known as KnownPortfolio[]
  for (const event of events) {
    if (event.type === 'PortfolioOpened') {
      const d = event.data as { portfolioId: string; name: string; owner?: string | null }
      if (list.some((p) => p.portfolioId === d.portfolioId)) continue
      list = [...list, { portfolioId: d.portfolioId, name: d.name, owner: d.owner ?? null, status: 'open' }]
    } else if (event.type === 'PortfolioClosed') {
      const id = idOf(event)
      list = list.map((p) => (p.portfolioId === id ? { ...p, status: 'closed' } : p))
    }
  }
  return list
}

/** Whether any of these events can change what the trading screens show. */
export function touchesTrading(events: readonly EventEnvelope[]): boolean {
  return events.some((event) => event.meta?.context === 'trading')
}
