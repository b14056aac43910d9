import { flowFileName, flowsHost, type RecordingStatus } from '../workspace/flows.ts'
import { useFlowSession } from '../workspace/flow-session.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { useFlows } from './store.ts'

function take(status: RecordingStatus): void {
  useFlowSession.getState().setRecording(status.recording ? { from: status.from, commands: status.commands ?? 0 } : null)
}

/** Asks the host whether it is recording (after a reload, or as commands come in). */
export async function refreshRecording(): Promise<void> {
  const result = await flowsHost.record({ action: 'status' })
  if (result.ok) take(result.value)
}

/** Starts recording: the commands sent from now on become a flow's steps. */
export async function startRecording(): Promise<void> {
  const result = await flowsHost.record({ action: 'start' })
  if (!result.ok) return reject(result.error)
  take(result.value)
  toast({ kind: 'info', message: 'Recording: use the app, then Stop to save what you did as a flow.' })
}

/**
 * Stops recording and saves the flow under `name` in the workspace's flows; the library shows it.
 * Answers whether it was saved.
 */
export async function stopRecording(name: string): Promise<boolean> {
  const result = await flowsHost.record({ action: 'stop', file: flowFileName(name), name })
  if (!result.ok) {
    reject(result.error)
    // Nothing recorded: the recorder has stopped anyway.
    if (result.error.code === 'FLOW_NOTHING_RECORDED') take({ recording: false })
    return result.error.code === 'FLOW_NOTHING_RECORDED'
  }
  const saved = result.value.file ?? flowFileName(name)
  take({ recording: false })
  toast({ kind: 'info', message: `Saved the recording as “${name}” (${saved}).` })
  await useFlows.getState().load()
  return true
}
