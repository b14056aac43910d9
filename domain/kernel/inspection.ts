/**
 * The answers of the engine's built-in inspection queries (`AggregateState`, `LogDiff`): the engine
 * builds them (main/app/inspection.ts) and the Timeline's inspector reads them over the query path.
 */

/** One event as the inspector lists it. */
export interface InspectedEvent {
  position: number
  id: string
  type: string
  stream: string
  at: string
  command: string
}

/** An aggregate's state as of a position: its stream's events folded with its decider. */
export interface AggregateStateAnswer {
  stream: string
  aggregate: string
  context: string
  /** Events of the stream up to the position (0: it did not exist yet). */
  version: number
  state: unknown
  /** The stream's last event at or before the position. */
  lastEvent: InspectedEvent | null
}

/** One field of an aggregate's state that differs between two positions. */
export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

/** One aggregate the events between two positions changed. */
export interface StreamDiff {
  stream: string
  aggregate: string
  context: string
  versionBefore: number
  versionAfter: number
  /** The state did not exist at `from`. */
  created: boolean
  fields: FieldChange[]
}

/** What changed between two positions of the log, in domain terms. */
export interface LogDiffAnswer {
  from: number
  to: number
  streams: StreamDiff[]
  events: InspectedEvent[]
  /** More events or streams than the limits: the lists stop there. */
  truncated: boolean
}
