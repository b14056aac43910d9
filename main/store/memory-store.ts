import { Low, Memory } from 'lowdb'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { placeEvents, placeMany, type AppendOptions, type EventStore, type NewEvent, type OpenReport, type StreamEvent } from './event-store.ts'
import type { LogData } from './jsonl-adapter.ts'
import { copyOf } from './copy-of.ts'
import { LogIndex } from './log-index.ts'

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
    return this.keep(placeEvents(stream, events, { lastPosition: this.index.lastPosition, version: this.index.streamVersion(stream) }, options), copyOf)
  }

  /** Keeps the events handed over as they are placed (see EventStore.appendMany): a pulled page is not copied again. */
  appendMany(events: readonly StreamEvent[]): EventEnvelope[] {
    return this.keep(placeMany(events, this.index.lastPosition, (stream) => this.index.streamVersion(stream)), (e) => e)
  }

  /**
   * Records placed events, each as `kept` makes it: a copy of what a decider gave (later changes to what the
   * caller holds never reach the log), the envelope itself for events handed over.
   */
  private keep(placed: EventEnvelope[], kept: (e: EventEnvelope) => EventEnvelope): EventEnvelope[] {
    const log = this.db.data.events
    for (const e of placed) {
      this.index.add(e.position, e.stream, e.meta.commandId, e.meta.correlationId)
      this.ids.add(e.id)
      log.push(kept(e))
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
