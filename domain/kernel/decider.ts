import type { z } from 'zod'
import type { DomainCommand, DomainEvent } from './envelope.ts'
import type { Rejection } from './rejection.ts'

/** A price from the quote service (an external system): decimal text, and when it was set. */
export interface Quote {
  symbol: string
  price: string
  at: string
}

/** What a decision may look at besides the state: given by the engine, never read by the decider itself. */
export interface DecideContext {
  /** The clock's current instant (ISO-8601 UTC). */
  now: string
  /** The quote service's current quote of a symbol; undefined when it has none. */
  quote(symbol: string): Quote | undefined
  /** Workspace settings, merged with each context's defaults. */
  settings: Readonly<Record<string, unknown>>
  /**
   * The event log as it stands, for commands that point into it (a hotspot's anchor, a bookmark): its last
   * position, and whether an event id is in it. Filled in by the engine; absent, anchors are not checked.
   */
  log?: DecideLog
}

/** What a decider may know of the log it is deciding for (see DecideContext.log). */
export interface DecideLog {
  lastPosition: number
  hasEvent(eventId: string): boolean
}

/** An aggregate: pure initialState / decide / evolve (the pale-yellow sticky). */
export interface Decider<S, C extends DomainCommand = DomainCommand, E extends DomainEvent = DomainEvent> {
  initialState: S
  decide(command: C, state: S, context: DecideContext): E[] | Rejection
  evolve(state: S, event: E): S
}

/** How the engine reaches one command: its schema, the stream it addresses, who may send it. */
export interface CommandSpec {
  schema: z.ZodType<Record<string, unknown>>
  /** The aggregate id the command addresses (the stream is `<Aggregate>-<id>`). */
  id(data: Record<string, unknown>): string
  /** Issued by policies only: an actor sending it is refused with `POLICY_ONLY`. */
  policyOnly?: boolean
  /** A more specific rejection code per top-level field than `INVALID_COMMAND` (DOMAIN.md: that code wins). */
  fieldCodes?: Record<string, string>
}

/** An aggregate as the engine knows it: its name, decider and commands. */
export interface AggregateDefinition<S = unknown> {
  name: string
  /**
   * Bump when evolve's meaning or the state's shape changes (an upcaster added for one of its events
   * counts): states saved by another version are ignored and their streams folded from the log again.
   * States must survive JSON round trips (they are saved beside the checkpoints).
   */
  version?: number
  decider: Decider<S, DomainCommand, DomainEvent>
  commands: Record<string, CommandSpec>
}
