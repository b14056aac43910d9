import type { Quote } from './decider.ts'
import type { EventEnvelope } from './envelope.ts'

/** A command a policy or an external system wants dispatched. */
export interface ReactionCommand {
  command: string
  /** Needed where the command name exists on two aggregates. */
  aggregate?: string
  data: Record<string, unknown>
}

/** What a policy may read: the current read models and the clock. */
export interface PolicyContext {
  now: string
  quote(symbol: string): Quote | undefined
  settings: Readonly<Record<string, unknown>>
  query(name: string, params?: Record<string, unknown>): unknown
}

/**
 * A policy (the lilac sticky): "when this event, then these commands". Pure.
 * `kind: 'external'` marks a simulated external system (the pink sticky): its commands carry its name
 * as the actor rather than as the policy.
 */
export interface Policy {
  name: string
  kind?: 'policy' | 'external'
  /** Event types it reacts to. */
  on: readonly string[]
  react(event: EventEnvelope, context: PolicyContext): ReactionCommand[]
  /** External systems only: called after quotes change (a market step, a tick); may answer with commands. */
  onMarket?(symbols: readonly string[], context: PolicyContext): ReactionCommand[]
  /** External systems only: called after the clock moves (an `advance` step, a tick). */
  onClock?(previous: string, context: PolicyContext): ReactionCommand[]
}
