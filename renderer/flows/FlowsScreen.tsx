import { useEffect } from 'react'
import { useFlowSession } from '../workspace/flow-session.ts'
import { NameDialog } from './Dialogs.tsx'
import { FlowEditor } from './editor/FlowEditor.tsx'
import { editFlow } from './library.ts'
import { Library } from './Library.tsx'
import { stopRecording } from './recording.ts'
import { useFlows } from './store.ts'
import { WatchRun } from './WatchRun.tsx'
import './flows.css'

/**
 * The Flows screen: the flow library (samples and the workspace's own), the form a flow is written in,
 * and a run watched on a storm drawing. Also where a recording is named when it stops, and where a spec
 * made on the Timeline opens.
 */
export function FlowsScreen() {
  const { view, watching, flows } = useFlows()
  const stopAsked = useFlowSession((s) => s.stopAsked)
  const openFile = useFlowSession((s) => s.openFile)
  useEffect(() => {
    // Each visit reads the library again; the editor and a watched run stay as they were left.
    useFlows.setState((s) => ({ flows: null, running: null, last: null, view: s.view === 'watch' ? s.returnTo : s.view, watching: null }))
    void useFlows.getState().load()
  }, [])
  useEffect(() => {
    // "Open in Flows" from another screen: the flow opens in the form once the library knows it.
    const flow = openFile ? flows?.find((f) => f.file === openFile) : undefined
    if (!flow) return
    useFlowSession.getState().requestOpen(null)
    void editFlow(flow)
  }, [openFile, flows])
  return (
    <>
      {view === 'edit' ? <FlowEditor /> : view === 'watch' && watching ? <WatchRun run={watching} /> : <Library />}
      {stopAsked && (
        <NameDialog title="Save the recording as a flow" label="Name of the flow" submit="Save flow" initial="Recorded flow"
          hint="The commands you sent become its steps, the events they caused its expectations."
          onSubmit={stopRecording} onClose={() => useFlowSession.getState().askStop(false)} />
      )}
    </>
  )
}
