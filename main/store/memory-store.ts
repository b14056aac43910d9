import { Low, Memory } from 'lowdb'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { placeEvents, placeMany, type AppendOptions, type EventStore, type NewEvent, type OpenReport, type StreamEvent } from './event-store.ts'
import type { LogData } from './jsonl-adapter.ts'
import { LogIndex } from './log-index.ts'

/**
 * A deep copy of an event as the log keeps it: plain objects and arrays copied by hand (ten times faster
 * than structuredClone on an envelope), anything else (a Date, a Map) by structuredClone.
 */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyOf) as T
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {}
  for (const key of Object.keys(value)) out[key] = copyOf((value as Record<string, unknown>)[key])
  return out as T
}

/** The event log in memory (lowdb's Memory adapter): flows run here unless given a workspace folder. */
export class MemoryEventStore implements EventStore {
  readonly readOnly = false
  readonly byteLength = 0
  private readonly db = new Low<LogData>(new Memory<LogData>(), { events: [] })
  private readonly index = new LogIndex()
  private readonly ids = new Set<string>()

  get lastPosition(): number {
    return this.index.lastPosition
  }

  get durablePosition(): number {
    return this.index.lastPosition
  }

  get lastCorrelationStart(): number {
    return this.index.lastCorrelationStart
  }

  /** Hands every event held from `visitFrom` on to `visit` (an empty log: nothing). */
  async open(visit?: (event: EventEnvelope) => void, visitFrom = 1): Promise<OpenReport> {
    if (visit) for (const e of this.readRange(visitFrom, this.lastPosition)) visit(e)
    return {}
  }

  streamVersion(stream: string): number {
    return this.index.streamVersion(stream)
  }

  commandPosition(commandId: string): number | undefined {
    return this.index.commandPosition(commandId, (position) => this.readRange(position, position)[0]?.meta.commandId)
  }

  hasEvent(eventId: string): boolean {
    return this.ids.has(eventId)
  }

  appendToStream(stream: string, events: readonly NewEvent[], options?: AppendOptions): EventEnvelope[] {
    return this.keep(placeEvents(stream, events, { lastPosition: this.index.lastPosition, version: this.index.streamVersion(stream) }, options))
  }

  appendMany(events: readonly StreamEvent[]): EventEnvelope[] {
    return this.keep(placeMany(events, this.index.lastPosition, (stream) => this.index.streamVersion(stream)))
  }

  /** Records placed events (a copy of each: later changes to what the caller holds never reach the log). */
  private keep(placed: EventEnvelope[]): EventEnvelope[] {
    const log = this.db.data.events
    for (const e of placed) {
      this.index.add(e.position, e.stream, e.meta.commandId, e.meta.correlationId)
      this.ids.add(e.id)
      log.push(copyOf(e))
    }
    return placed
  }

  async flush(): Promise<void> {
    await this.db.write()
  }

  readRange(from: number, to: number): EventEnvelope[] {
    return this.db.data.events.slice(Math.max(0, from - 1), Math.max(0, to)).map((e) => structuredClone(e))
  }

  readStream(stream: string, upTo = Number.POSITIVE_INFINITY): EventEnvelope[] {
    const out: EventEnvelope[] = []
    for (const p of this.index.streamPositions(stream)) {
      if (p > upTo) break
      out.push(structuredClone(this.db.data.events[p - 1]))
    }
    return out
  }

  readStreamAfter(stream: string, version: number): EventEnvelope[] {
    return this.index
      .streamPositions(stream)
      .slice(Math.max(0, version))
      .map((p) => structuredClone(this.db.data.events[p - 1]))
  }

  async close(): Promise<void> {}
}
