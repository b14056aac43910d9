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

/** Where an event sits in the log (null: no event of the log has that id). */
export interface EventPositionAnswer {
  eventId: string
  position: number | null
}

/** One field of an aggregate's state that differs between two positions. */
export interface FieldChange {
  /** Its path in the state, nested records joined by dots: "holdings.ACME.quantity" ("" for a whole state that is no record). */
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
  /** Changed fields beyond the first ones listed in `fields`. */
  moreFields?: number
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

/** Whether a value is a record of fields (an object, not a list, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The fields of a state that differ between two versions, down to the leaves of nested records, each
 * named by its path ("holdings.ACME.quantity"); a list or a value that is not a record is one field.
 * A record that appears or disappears shows each of its fields with nothing on the other side. A state
 * that is not a record is the field "".
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = []
  const walk = (b: unknown, a: unknown, path: string[]) => {
    if ((isRecord(b) || b === null) && (isRecord(a) || a === null) && b !== a) {
      const rb = b ?? {}
      const ra = a ?? {}
      for (const key of new Set([...Object.keys(rb), ...Object.keys(ra)])) walk(rb[key] ?? null, ra[key] ?? null, [...path, key])
    } else if (JSON.stringify(b) !== JSON.stringify(a)) {
      out.push({ field: path.join('.'), before: b ?? null, after: a ?? null })
    }
  }
  if (!isRecord(before) && !isRecord(after)) {
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ field: '', before: before ?? null, after: after ?? null })
  } else walk(isRecord(before) ? before : {}, isRecord(after) ? after : {}, [])
  return out
}

/** Every field of a state down to the leaves of nested records, by path (an empty record is one field). */
export function leafFields(state: unknown): { field: string; after: unknown }[] {
  const out: { field: string; after: unknown }[] = []
  const walk = (value: unknown, path: string[]) => {
    if (isRecord(value) && Object.keys(value).length > 0) for (const [key, v] of Object.entries(value)) walk(v, [...path, key])
    else out.push({ field: path.join('.'), after: value ?? null })
  }
  walk(state, [])
  return out
}
