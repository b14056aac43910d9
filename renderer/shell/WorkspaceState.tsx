import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { OpenProgress, WorkspaceInfo } from '../../main/ipc/contract.ts'
import { describeOpenFailure, describeReadOnly, type Mode } from './open-failure.ts'

function percent(progress: OpenProgress): number {
  return progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 100
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1)
}

/**
 * While `workspace.info()` has not answered: a loading screen with a progress bar, determinate when the
 * host reports how much of the log it has read (the desktop app does), indeterminate otherwise.
 */
export function OpeningScreen({ progress }: { progress: OpenProgress | null }) {
  const known = progress !== null && progress.total > 0
  return (
    <div className="fullscreen" data-testid="opening-screen" role="status" aria-live="polite">
      <div className="fullscreen-card">
        <h2>Opening the workspace…</h2>
        {known ? (
          <>
            <progress max={100} value={percent(progress)} data-testid="opening-progress" aria-label="Reading the event log" />
            <p className="muted">Reading the event log: {percent(progress)}% ({megabytes(progress.done)} of {megabytes(progress.total)} MB)</p>
          </>
        ) : (
          <>
            <progress data-testid="opening-progress" aria-label="Opening the workspace" />
            <p className="muted">Reading the event log and bringing the read models up to date.</p>
          </>
        )}
      </div>
    </div>
  )
}

/** Instead of the app when the workspace could not be opened: what is wrong, in words, and what can be done. */
export function OpenFailedScreen({ error, mode }: { error: CodedError; mode: Mode }) {
  const failure = describeOpenFailure(error, mode)
  return (
    <div className="fullscreen" data-testid="open-failed" role="alert">
      <div className="fullscreen-card">
        <h2>{failure.title}</h2>
        <p data-testid="open-failed-problem">{failure.problem}</p>
        <p className="muted">
          Code <code data-testid="open-failed-code">{failure.code}</code>
          {failure.line !== undefined && <> · line <strong data-testid="open-failed-line">{failure.line}</strong></>}
          {failure.path && <> · <code>{failure.path}</code></>}
        </p>
        <h3>What you can do</h3>
        <ul className="remedies">
          {failure.remedies.map((r) => (
            <li key={r.id} data-testid={`remedy-${r.id}`}>
              <strong>{r.label}</strong>: {r.how}
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}

/** Above the screens while the workspace is open read-only: commands are disabled, and why. */
export function ReadOnlyBanner({ info, mode }: { info: Pick<WorkspaceInfo, 'readOnly' | 'report'> | null; mode: Mode }) {
  const text = describeReadOnly(info, mode)
  if (!text) return null
  return (
    <div className="banner warn" role="alert" data-testid="read-only-banner">
      <strong>{text.why}</strong> {text.what}
    </div>
  )
}
