import type { EventEnvelope } from '../../kernel/envelope.ts'
import { formatMoney } from '../../kernel/money-format.ts'

/** The id part of a stream name (`Opportunity-o-1` → `o-1`). */
export function streamId(stream: string): string {
  const dash = stream.indexOf('-')
  return dash < 0 ? stream : stream.slice(dash + 1)
}

/** The aggregate part of a stream name (`Opportunity-o-1` → `Opportunity`). */
export function streamAggregate(stream: string): string {
  const dash = stream.indexOf('-')
  return dash < 0 ? stream : stream.slice(0, dash)
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined)

function clip(text: string, length = 60): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

/** The name an event gives its stream, if it gives one ("Acme platform deal", "Buy 10 ACME"). */
function nameFrom(event: EventEnvelope): string | undefined {
  const d = event.data as Record<string, unknown>
  switch (event.type) {
    case 'CustomerRegistered':
    case 'OpportunityCreated':
    case 'PortfolioOpened':
      return str(d.name)
    case 'OpportunityUpdated': {
      const change = (d.changes as Record<string, { to?: unknown }> | undefined)?.name
      return str(change?.to)
    }
    case 'OrderReceived': {
      const side = d.side === 'sell' ? 'Sell' : 'Buy'
      return str(d.symbol) ? `${side} ${String(d.quantity ?? '')} ${String(d.symbol)}`.replace(/\s+/g, ' ') : undefined
    }
    case 'FundsRequested':
      return str(d.amount) ? `Deposit ${formatMoney(String(d.amount))}` : 'Deposit'
    case 'FundsSent':
      return str(d.amount) ? `Withdrawal ${formatMoney(String(d.amount))}` : 'Withdrawal'
    case 'HotspotRaised':
      return str(d.text) ? clip(String(d.text)) : undefined
    case 'BookmarkPlaced':
      return str(d.name)
    default:
      return undefined
  }
}

/** The order a portfolio's OrderPlaced names ("Buy 10 ACME"), before the broker's Order stream exists. */
function orderNamed(event: EventEnvelope): [string, string] | undefined {
  const d = event.data as Record<string, unknown>
  if (event.type !== 'OrderPlaced' || !str(d.orderId) || !str(d.symbol)) return undefined
  return [`Order-${String(d.orderId)}`, `${d.side === 'sell' ? 'Sell' : 'Buy'} ${String(d.quantity ?? '')} ${String(d.symbol)}`]
}

/**
 * Names of the log's streams as people say them: a customer, deal or portfolio by its name, an order as
 * "Buy 10 ACME", a transfer as "Deposit 2,000.00". Fed the log in order; the newest name wins (a renamed
 * deal shows its new name). A stream that never named itself is shown by its id.
 */
export class NameBook {
  private readonly names = new Map<string, string>()

  /** Takes in events (in log order). */
  add(events: Iterable<EventEnvelope>): this {
    for (const event of events) {
      const order = orderNamed(event)
      if (order && !this.names.has(order[0])) this.names.set(order[0], order[1])
      const name = nameFrom(event)
      if (name !== undefined) this.names.set(event.stream, name)
    }
    return this
  }

  /** The stream's name, or undefined when it never named itself. */
  nameOf(stream: string): string | undefined {
    return this.names.get(stream)
  }

  /** What to show for a stream: its name, else its id (a policy's stream shows the policy). */
  label(stream: string): string {
    return this.names.get(stream) ?? streamId(stream)
  }

  /** Every named stream (for search), as [stream, name]. */
  entries(): IterableIterator<[string, string]> {
    return this.names.entries()
  }
}
