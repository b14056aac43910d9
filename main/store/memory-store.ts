import { Low, Memory } from 'lowdb'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { EventStore } from './event-store.ts'
import type { LogData } from './jsonl-adapter.ts'
import { LogIndex } from './log-index.ts'

/** The event log in memory (lowdb's Memory adapter): flows run here unless given a workspace folder. */
export class MemoryEventStore implements EventStore {
  readonly readOnly = false
  readonly byteLength = 0
  private readonly db = new Low<LogData>(new Memory<LogData>(), { events: [] })
  private readonly index = new LogIndex()

  get lastPosition(): number {
    return this.index.lastPosition
  }

  get durablePosition(): number {
    return this.index.lastPosition
  }

  get lastCorrelationStart(): number {
    return this.index.lastCorrelationStart
  }

  streamVersion(stream: string): number {
    return this.index.streamVersion(stream)
  }

  commandPosition(commandId: string): number | undefined {
    return this.index.commandPosition(commandId)
  }

  append(envelopes: readonly EventEnvelope[]): void {
    for (const e of envelopes) {
      if (e.position !== this.index.lastPosition + 1) throw new Error(`bug: append at position ${e.position} after ${this.index.lastPosition}`)
      this.index.add(e.position, e.stream, e.meta.commandId, e.meta.correlationId)
      this.db.data.events.push(structuredClone(e))
    }
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
