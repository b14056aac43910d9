import type { z } from 'zod'
import type { AggregateDefinition } from './decider.ts'
import type { Policy } from './policy.ts'
import type { Projection } from './projection.ts'

/** Turns one old shape of an event's data into the next version's, on read; the log is never rewritten. */
export interface Upcaster {
  type: string
  from: number
  up(data: Record<string, unknown>): Record<string, unknown>
}

/**
 * A check on another aggregate that a command needs before its own decider runs (a decider sees only
 * its own stream): e.g. CreateOpportunity needs the customer to exist. The engine folds `stream` with
 * the named aggregate's decider and refuses with `code` unless `holds(state, version)`.
 */
export interface Precondition {
  aggregate: string
  stream: string
  holds(state: any, version: number): boolean
  code: string
  message: string
}

/** A bounded context as the engine knows it: everything it registers, in one place. */
export interface BoundedContext {
  name: string
  aggregates: AggregateDefinition<any>[]
  policies: Policy[]
  projections: Projection<any>[]
  /** Current schema version per event type (1 where absent). */
  eventSchemas?: Record<string, number>
  upcasters?: Upcaster[]
  /** The context's workspace settings with their defaults (a zod object whose fields all have defaults). */
  settings?: z.ZodType<Record<string, unknown>>
  /** Checks on other aggregates a command needs (see Precondition). */
  preconditions?(command: string, aggregate: string, data: Record<string, unknown>): Precondition[]
}
