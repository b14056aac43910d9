import type { Workspace } from '../app/workspace.ts'
import type { SyncService } from './sync-types.ts'

/**
 * Starts team sync for a workspace a host has open (a writable folder; none for read-only or in-memory
 * workspaces). `password` answers the server's password when a connection needs one. The host closes it
 * before the workspace.
 */
export function openWorkspaceSync(workspace: Workspace, password: () => Promise<string | undefined>): SyncService | undefined {
  if (workspace.dir === null || workspace.engine.store.readOnly) return undefined
  void password
  return undefined // TEMPORARY until s4-synccore's openSyncService is merged
}
