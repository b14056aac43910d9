import { codedError, toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import type { Workspace } from '../app/workspace.ts'
import { openSyncService, type SyncService } from '../sync/sync-service.ts'

/** A workspace whose sync could not start (a damaged sync.json): every call answers why; the workspace still opens. */
function failedSync(problem: CodedError): SyncService {
  const fail = (): never => {
    throw codedError(problem.code, problem.message, problem.details)
  }
  return {
    status: fail, conflicts: fail,
    configure: async () => fail(), testConnection: async () => fail(), syncNow: async () => fail(), discard: async () => fail(), retry: async () => fail(),
    onStatus: () => () => undefined,
    close: async () => undefined,
  }
}

/**
 * Starts team sync for a workspace a host has open (a writable folder; none for read-only or in-memory
 * workspaces). `password` answers the server's password when a connection needs one (undefined:
 * PGPASSWORD). The host closes it before the workspace. A sync.json that cannot be read never stops the
 * workspace opening: its sync.* calls answer the problem (SYNC_STATE_INVALID, the field named).
 */
export function openWorkspaceSync(workspace: Workspace, password: () => Promise<string | undefined>): SyncService | undefined {
  if (workspace.dir === null || workspace.engine.store.readOnly) return undefined
  const { engine } = workspace
  try {
    return openSyncService({ workspaceDir: workspace.dir, engine, clock: () => engine.clock.now(), password })
  } catch (error) {
    return failedSync(toCodedError(error))
  }
}
