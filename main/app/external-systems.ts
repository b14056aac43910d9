import { v7 as uuidv7 } from 'uuid'
import type { EventEnvelope, Policy, PolicyContext, ReactionCommand } from '../../domain/kernel/index.ts'
import type { Cascade } from './cascade.ts'
import type { Step } from './engine-types.ts'
import type { QuoteService } from './quotes.ts'
import type { Registry } from './registry.ts'

/**
 * The engine's side of external systems (the quote service, the trade service, the wire system): after
 * the market is set, after a simulated tick, after the clock moved, each system is asked what it does, and
 * each command it answers with runs with its whole cascade before the next. Every function here runs
 * inside the engine's queue.
 */
export interface ExternalSystemsPort {
  registry: Registry
  cascade: Cascade
  quotes: QuoteService
  now(): string
  lastPosition(): number
  /** Quotes changed: cached answers priced with the old ones are dropped. */
  quotesChanged(): void
}

/** Sets quotes and lets external systems react (the trade service fills orders). */
export function marketSet(port: ExternalSystemsPort, prices: Record<string, string>): Step {
  return marketMoved(port, port.quotes.set(prices, port.now()))
}

/** One tick of a simulated market (random walk, imported history); the trade service then reacts. */
export function marketTicked(port: ExternalSystemsPort): Step {
  return marketMoved(port, port.quotes.tick?.(port.now()) ?? [])
}

/** After the clock moved: lets external systems react (day orders expire at the market close). */
export function clockMoved(port: ExternalSystemsPort, previous: string): Step {
  return runReactions(port, (system, context) => system.onClock?.(previous, context))
}

function marketMoved(port: ExternalSystemsPort, changed: string[]): Step {
  port.quotesChanged()
  return runReactions(port, (system, context) => system.onMarket?.(changed, context))
}

/** Asks every external system what it does now, and runs each command with its whole cascade in turn. */
function runReactions(port: ExternalSystemsPort, ask: (system: Policy, context: PolicyContext) => ReactionCommand[] | undefined): Step {
  const context = port.cascade.context()
  const commands = port.registry.externalSystems.flatMap((system) => (ask(system, context) ?? []).map((c) => ({ c, system })))
  const events: EventEnvelope[] = []
  for (const { c, system } of commands) {
    const commandId = uuidv7()
    const first = port.cascade.react({
      input: { command: c.command, aggregate: c.aggregate, data: c.data, commandId },
      cause: { actor: system.name, policy: null, causationId: commandId, correlationId: commandId },
      policy: system,
    })
    events.push(...port.cascade.run(first))
  }
  return { result: { ok: true, events, position: port.lastPosition() }, flush: events.length > 0 }
}
