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
}
