import { Low, Memory } from 'lowdb'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { placeEvents, type AppendOptions, type EventStore, type NewEvent, type OpenReport } from './event-store.ts'
import type { LogData } from './jsonl-adapter.ts'
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
    const placed = placeEvents(stream, events, { lastPosition: this.index.lastPosition, version: this.index.streamVersion(stream) }, options)
    for (const e of placed) {
      this.index.add(e.position, e.stream, e.meta.commandId, e.meta.correlationId)
      this.ids.add(e.id)
      this.db.data.events.push(structuredClone(e))
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
