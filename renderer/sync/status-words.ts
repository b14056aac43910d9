import type { SyncStatus } from '../../main/ipc/contract.ts'

const count = (n: number) => n.toLocaleString('en-US')

/**
 * The top bar's words for a sync status: "Synced", "3 pending", "Offline · 3 pending", "2 conflicts",
 * "Syncing… 1,200 of 9,000", "Not a member of team "north"".
 */
export function statusLabel(status: SyncStatus): string {
  switch (status.state) {
    case 'syncing': {
      const p = status.progress
      if (p && p.total) return `Syncing… ${count(p.pulled)} of ${count(p.total)}`
      return 'Syncing…'
    }
    case 'synced':
      return 'Synced'
    case 'pending':
      return `${count(status.pending)} pending`
    case 'offline':
      return status.pending > 0 ? `Offline · ${count(status.pending)} pending` : 'Offline'
    case 'not-a-member':
      return `Not a member of team "${status.team}"`
    case 'conflicts':
      return `${count(status.conflicts)} conflict${status.conflicts === 1 ? '' : 's'}`
    default:
      return 'Sync off'
  }
}

/** What the status button explains on hover, and the screen reader after its label. */
export function statusHint(status: SyncStatus): string {
  if (status.state === 'conflicts') return 'Some of your changes were refused after someone else changed the same deal: open the Conflicts panel.'
  if (status.state === 'not-a-member' && status.lastError) return `${status.lastError.message} Your changes are kept and pushed once you are a member.`
  if (status.state === 'offline') return `The team server cannot be reached${status.lastError ? ` (${status.lastError.message})` : ''}; your changes are kept and pushed when it is back.`
  if (status.lastSyncAt) return `Team "${status.team}", last synced ${status.lastSyncAt.replace('T', ' ').slice(0, 16)}. Open Team sync settings.`
  return 'Open Team sync settings.'
}

/** The share of the first pull done (0–1), or null when the total is not known. */
export function progressShare(status: SyncStatus): number | null {
  const p = status.progress
  if (!p || !p.total) return null
  return Math.min(1, p.pulled / p.total)
}
