import { codedError, type EventEnvelope } from '../../domain/kernel/index.ts'

/** Why a log could only be opened in part (read-only up to the bad line), or what was moved aside. */
export interface OpenReport {
  /** A torn last line moved aside to this file (or, read-only, left in place). */
  tornFile?: string
  tornBytes?: number
  /** The first bad line inside the log (1-based) and what is wrong with it; set only for read-only opens. */
  corrupt?: { line: number; reason: string }
}

/** An event on its way into the log: everything but its place (position and stream version), which the store gives. */
export type NewEvent = Omit<EventEnvelope, 'position' | 'version' | 'stream'>

/** An event of a multi-stream append: the stream it goes to and, when the caller holds it, the version it must get there. */
export type StreamEvent = NewEvent & { stream: string; version?: number }

/** Options of one append (Emmett's `appendToStream`): the version the caller's decision was based on. */
export interface AppendOptions {
  /** The stream's version the caller read (0: the stream must be new); another version is CONCURRENCY_CONFLICT. */
  expectedStreamVersion?: number
}

/**
 * The event log as the engine sees it: appends to one stream at a time (the store gives positions and
 * stream versions and checks the expected version), flushes durably, reads back by stream or by position
 * range. Implemented over a file (events.jsonl) and in memory (flows, tests).
 */
export interface EventStore {
  readonly readOnly: boolean
  readonly lastPosition: number
  /** The last position known to be on disk (flushed). */
  readonly durablePosition: number
  /** Position of the first event of the newest cascade (for resuming a cascade cut short). */
  readonly lastCorrelationStart: number
  /**
   * Reads (and verifies) what the log holds, handing each event from position `visitFrom` on to `visit`.
   * Called once, before anything else.
   */
  open(visit?: (event: EventEnvelope) => void, visitFrom?: number): Promise<OpenReport>
  streamVersion(stream: string): number
  /**
   * Appends events to one stream at the end of the log, queued for the next flush; returns them with their
   * positions and versions. A stale `expectedStreamVersion` throws CONCURRENCY_CONFLICT and appends nothing.
   */
  appendToStream(stream: string, events: readonly NewEvent[], options?: AppendOptions): EventEnvelope[]
  /**
   * Appends events of many streams at the end of the log in the order given (a pulled page in one call),
   * queued for the next flush; returns them placed. An event whose `version` is not its stream's next
   * throws CONCURRENCY_CONFLICT (`events[i].version`) and nothing of the call is appended. The events are
   * handed over: the store may keep their data and meta as they are, so the caller gives objects no one
   * else holds or changes (ingest gives its own copies, or the pulled page handed over to it).
   */
  appendMany(events: readonly StreamEvent[]): EventEnvelope[]
  /** Resolves when everything appended so far is on disk (group commit). */
  flush(): Promise<void>
  /** A stream's events with position ≤ upTo, oldest first. */
  readStream(stream: string, upTo?: number): EventEnvelope[]
  /** A stream's events after `version` (versions are gap-free), oldest first. */
  readStreamAfter(stream: string, version: number): EventEnvelope[]
  /** Events with from ≤ position ≤ to. */
  readRange(from: number, to: number): EventEnvelope[]
  /** The first position of a root command's events, if that command was recorded. */
  commandPosition(commandId: string): number | undefined
  /** Whether the log holds an event with this id. */
  hasEvent(eventId: string): boolean
  /** Byte size of the log (0 in memory). */
  readonly byteLength: number
  close(): Promise<void>
}

/**
 * Gives events their places at the end of the log (positions after `lastPosition`, versions after the
 * stream's `version`), after checking the caller's expected version: the one rule both stores share.
 */
export function placeEvents(stream: string, events: readonly NewEvent[], at: { lastPosition: number; version: number }, options: AppendOptions = {}): EventEnvelope[] {
  const expected = options.expectedStreamVersion
  if (expected !== undefined && expected !== at.version) {
    throw codedError(
      'CONCURRENCY_CONFLICT',
      `${stream} is at version ${at.version}, not ${expected}: someone changed it meanwhile. Reload and try again.`,
      { stream, expectedVersion: expected, actualVersion: at.version },
    )
  }
  if (typeof stream !== 'string' || stream.length === 0) throw codedError('INVALID_EVENT', 'An event needs a stream.', { field: 'stream' })
  return events.map((e, i) => ({
    position: at.lastPosition + 1 + i,
    id: e.id,
    stream,
    version: at.version + 1 + i,
    type: e.type,
    at: e.at,
    data: e.data,
    meta: e.meta,
  }))
}

/**
 * Gives the events of a multi-stream append their places (`appendMany`): positions after `lastPosition`
 * in the order given, each stream's versions after its current one; every event is checked before any
 * is placed, so a refusal leaves the log as it was.
 */
export function placeMany(events: readonly StreamEvent[], lastPosition: number, streamVersion: (stream: string) => number): EventEnvelope[] {
  const next = new Map<string, number>()
  const placed: EventEnvelope[] = new Array(events.length)
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (typeof e.stream !== 'string' || e.stream.length === 0) throw codedError('INVALID_EVENT', `events[${i}].stream: an event needs a stream.`, { field: `events[${i}].stream` })
    const at = next.get(e.stream) ?? streamVersion(e.stream)
    if (e.version !== undefined && e.version !== at + 1) {
      throw codedError('CONCURRENCY_CONFLICT', `${e.stream} is at version ${at}: event ${e.id} (version ${e.version}) does not follow it.`, {
        stream: e.stream, expectedVersion: at, actualVersion: e.version - 1, field: `events[${i}].version`,
      })
    }
    next.set(e.stream, at + 1)
    placed[i] = { position: lastPosition + 1 + i, id: e.id, stream: e.stream, version: at + 1, type: e.type, at: e.at, data: e.data, meta: e.meta }
  }
  return placed
}
