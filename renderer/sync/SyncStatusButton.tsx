import type { SyncStatus } from '../../main/ipc/contract.ts'
import { useWorkspace } from '../workspace/store.ts'
import { showConflicts, useSync } from '../workspace/sync.ts'
import { progressShare, statusHint, statusLabel } from './status-words.ts'

/** Where the top bar's status leads: the Conflicts panel when there are conflicts, else Settings ▸ Team sync. */
function open(status: SyncStatus): void {
  if (status.state === 'conflicts' || status.conflicts > 0) return showConflicts(true)
  useWorkspace.getState().go('settings')
  // The settings screen loads lazily: bring Team sync into view once it is there.
  setTimeout(() => document.getElementById('team-sync')?.scrollIntoView({ block: 'start' }), 50)
}

/**
 * The top bar's team sync status (synced, N pending, offline, N conflicts, syncing with its progress), live
 * from the host's pushes; a button that opens the Conflicts panel or Team sync. Nothing when sync is off.
 */
export function SyncStatusButton() {
  const status = useSync((s) => s.status)
  if (!status || !status.configured) return null
  const share = progressShare(status)
  return (
    <span aria-live="polite">
    <button type="button" className={`ghost sync-status sync-${status.state}`} data-testid="sync-status" onClick={() => open(status)} title={statusHint(status)}>
      <span className={`dot ${status.state}`} aria-hidden="true" />
      {statusLabel(status)}
      {status.state === 'syncing' && share !== null && (
        <progress className="sync-progress" max={1} value={share} aria-label="First pull of the team log" />
      )}
    </button>
    </span>
  )
}
