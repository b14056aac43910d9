import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { SyncedEvent } from './server.ts'

/** What an ingest did: events appended, and events skipped because the log had their ids already. */
export interface IngestResult {
  ingested: number
  skipped: number
}

/**
 * The laptop's log as sync sees it: the narrow port between sync and the engine. Positions are local (each
 * laptop numbers its own log), event ids are global; the log is only ever appended to.
 *
 * Implemented over a closed workspace folder by `openWorkspaceLog` (the CLI); in the app, the integrator
 * points it at the engine (`readSince` over the store, `ingest` = `engine.ingest`).
 */
export interface LocalLog {
  /** The last local position. */
  readonly lastPosition: number
  /** Local events with after < position ≤ after + limit, oldest first. */
  readSince(after: number, limit: number): EventEnvelope[]
  /** A stream's local version (0: no events). */
  streamVersion(stream: string): number
  /** Whether the log holds an event with this id (pushed from here, or ingested earlier). */
  hasEvent(id: string): boolean
  /**
   * Takes in events decided elsewhere, in the order given: an id the log has is skipped; each other event
   * must be its stream's next version (else CONCURRENCY_CONFLICT, and nothing of the call is appended).
   * They get local positions, are durable when this resolves, update aggregate states, projections and
   * subscribers, and run no policy (the device that decided them ran its policies already). The events are
   * handed over: the log may keep them as they are, so nothing else may hold or change them afterwards.
   */
  ingest(events: readonly SyncedEvent[]): Promise<IngestResult>
}
