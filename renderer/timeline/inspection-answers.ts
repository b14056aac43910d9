// The answers of the engine's built-in inspection queries, as they arrive over the query path (their
// source of truth is main/app/inspection.ts, which the renderer may not import).

/** One event as the inspector lists it. */
export interface InspectedEvent {
  position: number
  id: string
  type: string
  stream: string
  at: string
  command: string
}

/** `AggregateState {stream}`: an aggregate's state as of the cursor. */
export interface AggregateStateAnswer {
  stream: string
  aggregate: string
  context: string
  version: number
  state: unknown
  lastEvent: InspectedEvent | null
}

/** `LogDiff {from, to}`: the aggregates changed between two positions, field by field, and the events between. */
export interface LogDiffAnswer {
  from: number
  to: number
  streams: { stream: string; aggregate: string; context: string; versionBefore: number; versionAfter: number; created: boolean; fields: { field: string; before: unknown; after: unknown }[] }[]
  events: InspectedEvent[]
  truncated: boolean
}
