import { useWorkspace } from '../workspace/store.ts'
import { formatMoment } from '../workspace/dates.ts'

/**
 * While the log is replayed, every screen shows the world as of the cursor: this banner says so, and
 * why commands are disabled, until "Back to now" (or Esc).
 */
export function ReplayBanner() {
  const position = useWorkspace((s) => s.viewingPosition)
  const at = useWorkspace((s) => s.viewingAt)
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  if (position === null) return null
  const when = at ? formatMoment(at) : null
  return (
    <div className="banner replay" role="status" data-testid="replay-banner">
      <strong>Replaying</strong> — as of {when ?? 'the cursor'}, event {position.toLocaleString()} of {last.toLocaleString()}.{' '}
      <span className="muted">Commands are disabled while you look at the past.</span>{' '}
      <button type="button" className="primary small" onClick={() => useWorkspace.getState().setViewingPosition(null)}>Back to now <kbd>Esc</kbd></button>
    </div>
  )
}
