import { lazy } from 'react'
import { useFlowSession } from '../workspace/flow-session.ts'
import { onPushedEvents } from '../workspace/host.ts'
import { registerFeature } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { refreshRecording, startRecording } from './recording.ts'

/** Shows the Flows screen and asks the recording's name there. */
function askStop(): void {
  useWorkspace.getState().go('flows')
  useFlowSession.getState().askStop(true)
}

// The flow library, the form editor, watched runs and recording (the screen is loaded when first shown).
registerFeature({
  id: 'flows',
  label: 'Flows',
  icon: '▶',
  order: 4,
  Screen: lazy(() => import('./FlowsScreen.tsx').then((m) => ({ default: m.FlowsScreen }))),
  actions: () => {
    const recording = useFlowSession.getState().recording !== null
    const readOnly = useWorkspace.getState().info?.readOnly ?? false
    return [
      recording
        ? { id: 'flows.stop', label: 'Stop recording and save the flow', group: 'Commands' as const, rank: 40, run: askStop }
        : { id: 'flows.record', label: 'Record a flow (start recording)', group: 'Commands' as const, rank: 40, run: () => (readOnly ? undefined : startRecording()) },
    ]
  },
  start() {
    void refreshRecording()
    // While recording, the indicator counts the commands recorded so far.
    return onPushedEvents(() => {
      if (useFlowSession.getState().recording) void refreshRecording()
    })
  },
  onEscape() {
    useFlowSession.getState().askStop(false)
  },
})
