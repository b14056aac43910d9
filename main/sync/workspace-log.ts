import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { codedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { FileEventStore } from '../store/file-store.ts'
import { acquireLock } from '../store/lock.ts'
import type { IngestResult, LocalLog } from './local-log.ts'
import type { SyncedEvent } from './server.ts'

/** A LocalLog over a workspace folder that no engine has open, holding its lock until closed. */
export interface WorkspaceLog extends LocalLog {
  readonly dir: string
  close(): Promise<void>
}

/**
 * Opens a workspace's events.jsonl for sync without an engine (the CLI's `stormbook sync`): takes the
 * single-writer lock (WORKSPACE_LOCKED while the app has it open), verifies the log and indexes its ids.
 * Events are read as written (not upcast: they travel at their own schema). Ingested events are appended
 * and flushed; projections and aggregate states take them in when the workspace next opens (the opening
 * scan folds what follows the newest checkpoint), and nothing runs a policy on them.
 */
export async function openWorkspaceLog(dirPath: string, now: () => string, options: { takeOver?: boolean } = {}): Promise<WorkspaceLog> {
  const dir = resolve(dirPath)
  if (!existsSync(join(dir, 'events.jsonl')) || !statSync(dir).isDirectory()) {
    throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir} (no events.jsonl).`, { path: dir, field: 'workspace' })
  }
  const release = acquireLock(dir, now, { takeOver: options.takeOver })
  const ids = new Set<string>()
  const store = new FileEventStore({ path: join(dir, 'events.jsonl'), readOnly: false, now, upcast: (e) => e })
  try {
    const report = await store.open((event) => ids.add(event.id))
    if (report.corrupt) throw codedError('LOG_CORRUPT', `line ${report.corrupt.line}: ${report.corrupt.reason}`, { line: report.corrupt.line })
  } catch (error) {
    await store.close().catch(() => undefined)
    release()
    throw error
  }

  return {
    dir,
    get lastPosition() {
      return store.lastPosition
    },
    readSince(after: number, limit: number): EventEnvelope[] {
      return store.readRange(after + 1, Math.min(store.lastPosition, after + limit))
    },
    streamVersion: (stream) => store.streamVersion(stream),
    hasEvent: (id) => ids.has(id),
    async ingest(events: readonly SyncedEvent[]): Promise<IngestResult> {
      const seen = new Set<string>()
      const fresh = events.filter((e) => {
        if (ids.has(e.id) || seen.has(e.id)) return false
        seen.add(e.id)
        return true
      })
      // The store checks each event follows its stream (all before any is appended: CONCURRENCY_CONFLICT).
      store.appendMany(fresh)
      await store.flush()
      for (const e of fresh) ids.add(e.id)
      return { ingested: fresh.length, skipped: events.length - fresh.length }
    },
    async close() {
      try {
        await store.close()
      } finally {
        release()
      }
    },
  }
}
