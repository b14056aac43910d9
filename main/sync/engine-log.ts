import { codedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { Engine } from '../app/engine.ts'
import type { IngestResult, LocalLog } from './local-log.ts'
import type { SyncedEvent } from './server.ts'

/**
 * The LocalLog of a workspace the app has open: reads go to the engine's store, and pulled events go
 * through the engine's ingest path with the server's versions kept (read models, aggregate states and the
 * screens follow at once; no policy runs). `onIngested` hears what each call took in.
 */
export function engineLog(engine: Engine, onIngested?: (events: readonly EventEnvelope[]) => void): LocalLog {
  return {
    get lastPosition() {
      return engine.store.lastPosition
    },
    readSince(after: number, limit: number): EventEnvelope[] {
      return engine.store.readRange(after + 1, Math.min(engine.store.lastPosition, after + limit))
    },
    streamVersion: (stream) => engine.store.streamVersion(stream),
    hasEvent: (id) => engine.store.hasEvent(id),
    async ingest(events: readonly SyncedEvent[]): Promise<IngestResult> {
      const result = await engine.ingest(events, { versions: 'keep', handedOver: true })
      if (!result.ok) throw codedError(result.error.code, result.error.message, result.error.details)
      onIngested?.(result.events)
      return { ingested: result.ingested, skipped: result.skipped }
    },
  }
}
