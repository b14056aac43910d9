import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { Engine } from '../../../main/app/engine.ts'
import { ManualQuotes } from '../../../main/app/quotes.ts'
import { MemoryEventStore } from '../../../main/store/memory-store.ts'
import { engineLog } from '../../../main/sync/engine-log.ts'
import type { IngestResult, LocalLog } from '../../../main/sync/local-log.ts'
import type { SyncedEvent } from '../../../main/sync/server.ts'

/**
 * A laptop running the app, for tests: a live engine over an in-memory log, seen through the LocalLog
 * port the app uses (`engineLog`: pulled events go through the engine's ingest path).
 */
export class EngineLog implements LocalLog {
  readonly store = new MemoryEventStore()
  private readonly clock = new SimulatedClock('2027-01-04T09:00:00Z')
  readonly engine: Engine = new Engine({ contexts, store: this.store, clock: this.clock, quotes: new ManualQuotes() })
  private readonly port = engineLog(this.engine)

  get lastPosition(): number {
    return this.port.lastPosition
  }

  readSince(after: number, limit: number): EventEnvelope[] {
    return this.port.readSince(after, limit)
  }

  streamVersion(stream: string): number {
    return this.port.streamVersion(stream)
  }

  hasEvent(id: string): boolean {
    return this.port.hasEvent(id)
  }

  ingest(events: readonly SyncedEvent[]): Promise<IngestResult> {
    return this.port.ingest(events)
  }

  /** Dispatches as a rep would; fails the test on a refusal. */
  async dispatch(command: string, data: Record<string, unknown>): Promise<void> {
    const result = await this.engine.dispatch({ command, data })
    if (!result.ok) throw new Error(`${command} refused: ${JSON.stringify(result.error)}`)
  }

  /** A read model's answer now. */
  query(name: string, params: Record<string, unknown> = {}): unknown {
    const answer = this.engine.query(name, params)
    if (!answer.ok) throw new Error(JSON.stringify(answer.error))
    return answer.value
  }
}
