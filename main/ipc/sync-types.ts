import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { SyncReport } from '../sync/sync-client.ts'

// TEMPORARY: the types of SYNC-API.md until main/sync/sync-service.ts (synccore's) is merged in.

/** What the top bar and Settings ▸ Team sync show. */
export interface SyncStatus {
  configured: boolean
  url: string | null
  team: string | null
  everySeconds: number
  state: 'off' | 'syncing' | 'synced' | 'pending' | 'offline' | 'conflicts'
  pending: number
  conflicts: number
  lastSyncAt: string | null
  lastError: CodedError | null
  progress: { pulled: number; total: number | null } | null
}

/** One refused pending command, as the Conflicts panel shows it. */
export interface SyncConflictView {
  id: string
  command: string
  aggregate: string
  actor: string | null
  data: Record<string, unknown>
  code: string
  message: string
  theirs: EventEnvelope[]
  at: string
}

/** One workspace's team sync. */
export interface SyncService {
  status(): SyncStatus
  onStatus(listener: (s: SyncStatus) => void): () => void
  configure(settings: { url: string; team: string; everySeconds: number }): Promise<SyncStatus>
  testConnection(settings?: { url: string; team?: string }): Promise<{ serverVersion: string; schemaVersion: number }>
  syncNow(): Promise<SyncReport>
  conflicts(): SyncConflictView[]
  discard(conflictId: string): Promise<SyncStatus>
  retry(conflictId: string, data: Record<string, unknown>): Promise<SyncReport>
  close(): Promise<void>
}
