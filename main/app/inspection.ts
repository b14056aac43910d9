import { z } from 'zod'
import { codedError, describeIssue, type EventEnvelope } from '../../domain/kernel/index.ts'
import { bucketGet } from '../../domain/kernel/buckets.ts'
import type { EventStore } from '../store/event-store.ts'
import type { Registry } from './registry.ts'
import type { SupersededEvents } from './superseded.ts'
import { fieldChanges, isRecord, type AggregateStateAnswer, type EventPositionAnswer, type FieldChange, type InspectedEvent, type LogDiffAnswer, type StreamDiff } from '../../domain/kernel/inspection.ts'

/** What the inspection queries read of the log. */
type InspectPort = Pick<EventStore, 'lastPosition' | 'readRange' | 'readStream'>

/** The most events LogDiff lists, and the most streams it compares (a diff is for people to read). */
export const DIFF_EVENT_LIMIT = 500
export const DIFF_STREAM_LIMIT = 200
/** Events read at a time when EventPosition has to scan the log. */
const SCAN_BATCH = 20_000

export { fieldChanges, type AggregateStateAnswer, type EventPositionAnswer, type FieldChange, type InspectedEvent, type LogDiffAnswer, type StreamDiff } from '../../domain/kernel/inspection.ts'

const position = z.number().int('must be a whole position').min(0, 'must be a position ≥ 0')
const params = {
  AggregateState: z.strictObject({ stream: z.string().min(1, 'must not be empty') }),
  LogDiff: z.strictObject({ from: position, to: position }),
  EventPosition: z.strictObject({ eventId: z.string().min(1, 'must not be empty') }),
  Superseded: z.strictObject({}),
}

/** The Superseded query's answer: the ids of the events team-sync rebases withdrew (the timeline greys them). */
export interface SupersededAnswer {
  ids: string[]
}

/** The built-in queries the engine answers about the log itself, beside the read models' queries. */
export const INSPECTION_QUERIES = Object.keys(params) as (keyof typeof params)[]

/** Whether a query name is one of the built-in inspection queries. */
export function isInspectionQuery(name: string): name is keyof typeof params {
  return Object.hasOwn(params, name)
}

/** Whether a record is kernel Buckets (values spread over hash buckets): every entry sits in its key's bucket. */
function isBuckets(value: Record<string, unknown>): value is Record<string, Record<string, unknown>> {
  const names = Object.keys(value)
  if (names.length === 0 || !names.every((n) => /^\d+$/.test(n) && isRecord(value[n]))) return false
  return names.every((n) => Object.entries(value[n] as Record<string, unknown>).every(([key, v]) => bucketGet(value as Record<string, Record<string, unknown>>, key) === v))
}

/** Records as people think of them: kernel Buckets flattened into one record by key, all the way down. */
function domainShaped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(domainShaped)
  if (!isRecord(value)) return value
  const flat = isBuckets(value) ? Object.assign({}, ...Object.values(value)) as Record<string, unknown> : value
  return Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, domainShaped(v)]))
}

/** A state as plain JSON values (Maps as objects, Sets as lists, decimals as their text, Buckets as one record). */
function plain(value: unknown): unknown {
  if (value === undefined) return null
  return domainShaped(JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v)),
  ) as unknown)
}

function inspected(event: EventEnvelope): InspectedEvent {
  return { position: event.position, id: event.id, type: event.type, stream: event.stream, at: event.at, command: event.meta.command }
}

/** The most changed fields LogDiff lists for one aggregate (the rest are counted in `moreFields`). */
export const DIFF_FIELD_LIMIT = 100

/** The first DIFF_FIELD_LIMIT changed fields, and how many more there are. */
function limitedFields(fields: FieldChange[]): Pick<StreamDiff, 'fields' | 'moreFields'> {
  return fields.length > DIFF_FIELD_LIMIT ? { fields: fields.slice(0, DIFF_FIELD_LIMIT), moreFields: fields.length - DIFF_FIELD_LIMIT } : { fields }
}

/**
 * The inspector's questions about the log, answered from the store with the aggregates' deciders:
 * `AggregateState {stream}` as of a position, `LogDiff {from, to}` between two positions,
 * `EventPosition {eventId}`: where an event (a hotspot's anchor) sits in the log, and `Superseded {}`:
 * the events team-sync rebases withdrew (kept in the log, left out of every fold).
 */
export class Inspection {
  constructor(
    private readonly registry: Registry,
    private readonly store: InspectPort,
    private readonly superseded?: SupersededEvents,
  ) {}

  /** Answers a built-in query as of `upTo` (the end of the log, or the replay's position). Throws coded errors. */
  run(name: keyof typeof params, rawParams: unknown, upTo: number): unknown {
    const parsed = params[name].safeParse(rawParams ?? {})
    if (!parsed.success) {
      const { field, problem } = describeIssue(parsed.error)
      throw codedError('INVALID_QUERY', `${name}: ${field || 'params'}: ${problem}`, { field: field || 'params' })
    }
    if (name === 'AggregateState') return this.aggregateState((parsed.data as { stream: string }).stream, upTo)
    if (name === 'EventPosition') return this.eventPosition((parsed.data as { eventId: string }).eventId)
    if (name === 'Superseded') return { ids: this.superseded?.list() ?? [] } satisfies SupersededAnswer
    const { from, to } = parsed.data as { from: number; to: number }
    return this.logDiff(from, to)
  }

  /** The aggregate a stream belongs to (streams are named `<Aggregate>-<id>`). */
  private aggregateOf(stream: string) {
    const dash = stream.indexOf('-')
    const found = dash > 0 ? this.registry.aggregate(stream.slice(0, dash)) : undefined
    if (!found) throw codedError('UNKNOWN_STREAM', `${stream} is not the stream of any aggregate (streams are named <Aggregate>-<id>)`, { field: 'stream' })
    return found
  }

  /** A stream's state as of a position, folded with its aggregate's decider (superseded events keep their version, change nothing). */
  private fold(stream: string, upTo: number): { state: unknown; version: number; last: EventEnvelope | undefined } {
    const { aggregate } = this.aggregateOf(stream)
    const { initialState, evolve } = aggregate.decider
    let state: unknown = structuredClone(initialState)
    let last: EventEnvelope | undefined
    for (const event of upTo > 0 ? this.store.readStream(stream, upTo) : []) {
      if (!this.superseded?.has(event.id)) state = evolve(state as never, { type: event.type, data: event.data })
      last = event
    }
    return { state: plain(state), version: last?.version ?? 0, last }
  }

  aggregateState(stream: string, upTo: number): AggregateStateAnswer {
    const { context, aggregate } = this.aggregateOf(stream)
    const { state, version, last } = this.fold(stream, upTo)
    return { stream, aggregate: aggregate.name, context: context.name, version, state, lastEvent: last ? inspected(last) : null }
  }

  /**
   * Where an event sits in the log. Ids the engine gives (UUIDv7) grow with the position, so a binary
   * search over positions finds it in a few reads; events that came from another log (sync, import) may
   * break that order, and then the log is scanned.
   */
  eventPosition(eventId: string): EventPositionAnswer {
    const last = this.store.lastPosition
    const idAt = (p: number) => this.store.readRange(p, p)[0]?.id ?? ''
    let lo = 1
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (idAt(mid) < eventId) lo = mid + 1
      else hi = mid
    }
    if (last > 0 && idAt(lo) === eventId) return { eventId, position: lo }
    for (let from = 1; from <= last; from += SCAN_BATCH) {
      const found = this.store.readRange(from, Math.min(last, from + SCAN_BATCH - 1)).find((e) => e.id === eventId)
      if (found) return { eventId, position: found.position }
    }
    return { eventId, position: null }
  }

  logDiff(from: number, to: number): LogDiffAnswer {
    const lastPosition = this.store.lastPosition
    if (to > lastPosition) throw codedError('INVALID_QUERY', `LogDiff: to: ${to} is beyond the log (last position ${lastPosition})`, { field: 'to' })
    if (from > to) throw codedError('INVALID_QUERY', `LogDiff: from: ${from} is after to (${to})`, { field: 'from' })
    const events = to > from ? this.store.readRange(from + 1, to) : []
    const streams: string[] = []
    for (const event of events) {
      if (!streams.includes(event.stream) && this.registry.aggregate(event.meta.aggregate)) streams.push(event.stream)
    }
    const truncated = events.length > DIFF_EVENT_LIMIT || streams.length > DIFF_STREAM_LIMIT
    const diffs = streams.slice(0, DIFF_STREAM_LIMIT).flatMap((stream): StreamDiff[] => {
      let found
      try {
        found = this.aggregateOf(stream)
      } catch {
        return [] // an event of a stream no aggregate owns (a policy's own record): nothing to fold
      }
      const before = this.fold(stream, from)
      const after = this.fold(stream, to)
      return [{
        stream,
        aggregate: found.aggregate.name,
        context: found.context.name,
        versionBefore: before.version,
        versionAfter: after.version,
        created: before.version === 0,
        ...limitedFields(fieldChanges(before.state, after.state)),
      }]
    })
    return { from, to, streams: diffs, events: events.slice(0, DIFF_EVENT_LIMIT).map(inspected), truncated }
  }
}
