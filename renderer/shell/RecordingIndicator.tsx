import { useFlowSession } from '../workspace/flow-session.ts'
import { useWorkspace } from '../workspace/store.ts'

/** In the header while a flow is being recorded: "Recording…", how many commands so far, and Stop (which asks the flow's name). */
export function RecordingIndicator() {
  const recording = useFlowSession((s) => s.recording)
  if (!recording) return null
  const stop = () => {
    useWorkspace.getState().go('flows')
    useFlowSession.getState().askStop(true)
  }
  return (
    <div className="recording" role="status" data-testid="recording-indicator">
      <span className="dot recording-dot" /> Recording…
      <span className="muted small">{recording.commands} {recording.commands === 1 ? 'command' : 'commands'}</span>
      <button type="button" className="small" onClick={stop}>Stop</button>
    </div>
  )
}
