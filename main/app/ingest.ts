import { z } from 'zod'
import { codedError, describeIssue, type EventEnvelope } from '../../domain/kernel/index.ts'
import { copyOf } from '../store/copy-of.ts'
import type { EventStore } from '../store/event-store.ts'
import type { Registry } from './registry.ts'
import type { StreamStates } from './stream-states.ts'

const text = z.string().min(1).max(500)

/** An event decided elsewhere (another machine, another log): its position and version there are not kept. */
export const incomingEventSchema = z.object({
  id: text,
  stream: text,
  type: z.string().min(1).max(200),
  at: z.string().min(1).max(40),
  data: z.record(z.string(), z.unknown()),
  meta: z.object({
    context: z.string(),
    aggregate: z.string(),
    command: z.string(),
    commandId: z.string(),
    actor: z.string().nullable(),
    policy: z.string().nullable(),
    causationId: z.string(),
    correlationId: z.string(),
    schema: z.number().int().min(1),
    input: z.record(z.string(), z.unknown()).optional(),
  }),
  position: z.number().int().optional(),
  version: z.number().int().optional(),
})

/** An event as ingest takes it. */
export type IncomingEvent = z.input<typeof incomingEventSchema>

type Incoming = z.output<typeof incomingEventSchema>

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max
const isInt = (v: unknown): v is number => Number.isSafeInteger(v)
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** The keys of an incoming event without position and version, and of its meta without input. */
const EVENT_KEYS = 6
const META_KEYS = 9

function keyCount(o: object): number {
  let n = 0
  for (const _ in o) n++
  return n
}

/**
 * The common case of `incomingEventSchema` without zod (a team's pull ingests pages of a thousand): the
 * event as the schema would output it when it plainly satisfies every rule, else undefined and the schema
 * decides (and words the error). Never accepts what the schema refuses (test/main/app/ingest-fast.test.ts).
 */
function plainlyWellFormed(raw: unknown, handedOver: boolean): Incoming | undefined {
  if (!isRecord(raw) || !isRecord(raw.meta) || !isRecord(raw.data)) return undefined
  const { id, stream, type, at, data, meta: m, position, version } = raw
  if (!isText(id, 500) || !isText(stream, 500) || !isText(type, 200) || !isText(at, 40)) return undefined
  if (typeof m.context !== 'string' || typeof m.aggregate !== 'string' || typeof m.command !== 'string' || typeof m.commandId !== 'string') return undefined
  if (!isNullableString(m.actor) || !isNullableString(m.policy) || typeof m.causationId !== 'string' || typeof m.correlationId !== 'string') return undefined
  if (!isInt(m.schema) || m.schema < 1 || !(m.input === undefined ? !('input' in m) : isRecord(m.input))) return undefined
  if (!(position === undefined ? !('position' in raw) : isInt(position)) || !(version === undefined ? !('version' in raw) : isInt(version))) return undefined
  // Handed over with no key the schema would strip: the event is taken as it is, not copied.
  if (handedOver && keyCount(m) === META_KEYS + (m.input === undefined ? 0 : 1) && keyCount(raw) === EVENT_KEYS + (position === undefined ? 0 : 1) + (version === undefined ? 0 : 1)) {
    return raw as Incoming
  }
  const meta: Incoming['meta'] = {
    context: m.context, aggregate: m.aggregate, command: m.command, commandId: m.commandId, actor: m.actor, policy: m.policy,
    causationId: m.causationId, correlationId: m.correlationId, schema: m.schema,
  }
  if (m.input !== undefined) meta.input = copyOf(m.input as Record<string, unknown>)
  const event: Incoming = { id, stream, type, at, data: copyOf(data), meta }
  if (position !== undefined) event.position = position as number
  if (version !== undefined) event.version = version as number
  return event
}

/**
 * Checks a batch before anything is appended: every event must be well formed (INVALID_EVENT names
 * `events[i].field`). Returns the batch as envelopes without their places, copies of what was given (down
 * to the last nested value of data and input), so the store may keep them as they are; `handedOver`
 * events (a pulled page, which nothing else holds) are taken as they are when they carry no extra key.
 */
export function checkIncoming(events: unknown, handedOver = false): Incoming[] {
  if (!Array.isArray(events)) throw codedError('INVALID_EVENT', 'events: expected a list of events', { field: 'events' })
  return events.map((raw, i) => {
    const plain = plainlyWellFormed(raw, handedOver)
    if (plain) return plain
    const parsed = incomingEventSchema.safeParse(raw)
    if (!parsed.success) {
      const { field, problem } = describeIssue(parsed.error, ['events', i])
      throw codedError('INVALID_EVENT', `${field}: ${problem}`, { field })
    }
    // zod copies objects it knows the shape of, not the values of a record: those are copied here.
    const event = parsed.data
    event.data = copyOf(event.data)
    if (event.meta.input !== undefined) event.meta.input = copyOf(event.meta.input)
    return event
  })
}

/** How ingest treats the versions events carry. */
export interface IngestOptions {
  /**
   * `keep` (team sync: the server's versions are the streams' versions everywhere): each new event must be
   * its stream's next version here, else CONCURRENCY_CONFLICT and nothing of the batch is appended.
   * `local` (the default: importing another log): versions sent are ignored and given anew.
   */
  versions?: 'keep' | 'local'
  /**
   * The events, their data and meta, are the caller's to give away: nothing else holds them or changes
   * them later (team sync's pulled pages, parsed for this call), so they are kept without a copy.
   */
  handedOver?: boolean
}

/** The events of a batch the log does not hold yet (an id seen before, here or earlier in the batch, is skipped). */
function freshOf(store: EventStore, batch: Incoming[]): Incoming[] {
  const seen = new Set<string>()
  return batch.filter((e) => {
    if (seen.has(e.id) || store.hasEvent(e.id)) return false
    seen.add(e.id)
    return true
  })
}

/**
 * Appends events decided elsewhere, as they are: the ids the log already holds are skipped, the rest get
 * local positions and (unless versions are kept) local stream versions; id, type, data, meta and at are
 * kept. The batch goes to the store in one append (`appendMany`: all or nothing), then the aggregate states
 * kept follow (others are folded from the log when a command needs them) and `appended` hears the whole
 * batch once (projections, checkpoints). Nothing is decided: no policy runs.
 */
export function ingestEvents(
  store: EventStore,
  registry: Registry,
  states: StreamStates,
  batch: Incoming[],
  appended: (events: readonly EventEnvelope[]) => void,
  options: IngestOptions = {},
): { events: EventEnvelope[]; skipped: number } {
  const fresh = freshOf(store, batch)
  const skipped = batch.length - fresh.length
  if (fresh.length === 0) return { events: [], skipped }
  // With versions kept, the store checks every event follows its stream before appending any
  // (CONCURRENCY_CONFLICT at `events[i].version`, i counted among the fresh events); else it gives them anew.
  const events = store.appendMany(options.versions === 'keep' ? fresh : fresh.map(({ version: _, ...e }) => e))
  const current = events.map(registry.upcast)
  for (const event of current) states.follow(event)
  appended(current)
  return { events, skipped }
}
