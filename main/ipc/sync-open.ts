import type { Workspace } from '../app/workspace.ts'
import { openSyncService, type SyncService } from '../sync/sync-service.ts'

/**
 * Starts team sync for a workspace a host has open (a writable folder; none for read-only or in-memory
 * workspaces). `password` answers the server's password when a connection needs one (undefined:
 * PGPASSWORD). The host closes it before the workspace.
 */
export function openWorkspaceSync(workspace: Workspace, password: () => Promise<string | undefined>): SyncService | undefined {
  if (workspace.dir === null || workspace.engine.store.readOnly) return undefined
  const { engine } = workspace
  return openSyncService({ workspaceDir: workspace.dir, engine, clock: () => engine.clock.now(), password })
}
