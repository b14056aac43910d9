import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { Engine } from '../../../main/app/engine.ts'
import { ManualQuotes } from '../../../main/app/quotes.ts'
import { MemoryEventStore } from '../../../main/store/memory-store.ts'
import type { IngestResult, LocalLog } from '../../../main/sync/local-log.ts'
import type { SyncedEvent } from '../../../main/sync/server.ts'

/**
 * A laptop running the app, for tests: a live engine over an in-memory log, seen through the LocalLog
 * port. The engine has no ingest path on this branch, so `ingest` appends through the store and refolds
 * a fresh engine over it (no policy runs: the cascade recovery of finishOpen is not called). The
 * integrator's version is `engine.ingest`.
 */
export class EngineLog implements LocalLog {
  readonly store = new MemoryEventStore()
  private readonly clock = new SimulatedClock('2027-01-04T09:00:00Z')
  engine: Engine = this.fresh()

  private fresh(): Engine {
    return new Engine({ contexts, store: this.store, clock: this.clock, quotes: new ManualQuotes() })
  }

  get lastPosition(): number {
    return this.store.lastPosition
  }

  readSince(after: number, limit: number): EventEnvelope[] {
    return this.store.readRange(after + 1, Math.min(this.store.lastPosition, after + limit))
  }

  streamVersion(stream: string): number {
    return this.store.streamVersion(stream)
  }

  hasEvent(id: string): boolean {
    return this.store.readRange(1, this.store.lastPosition).some((e) => e.id === id)
  }

  async ingest(events: readonly SyncedEvent[]): Promise<IngestResult> {
    const fresh = events.filter((e) => !this.hasEvent(e.id))
    for (const e of fresh) {
      if (e.version !== this.store.streamVersion(e.stream) + 1) throw Object.assign(new Error(`${e.stream}: version ${e.version}`), { code: 'CONCURRENCY_CONFLICT' })
      this.store.append([{ ...e, position: this.store.lastPosition + 1 }])
    }
    await this.store.flush()
    this.engine = this.fresh()
    this.engine.loadCheckpoints()
    for (const e of this.store.readRange(1, this.store.lastPosition)) this.engine.foldOnOpen(e)
    return { ingested: fresh.length, skipped: events.length - fresh.length }
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
