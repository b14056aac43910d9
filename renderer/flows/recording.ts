import { flowFileName, flowsHost, type RecordingStatus } from '../workspace/flows.ts'
import { useFlowSession } from '../workspace/flow-session.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { editable } from './draft.ts'
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
  const file = flowFileName(name)
  const result = await flowsHost.record({ action: 'stop', file })
  if (!result.ok) {
    reject(result.error)
    return false
  }
  const saved = result.value.file ?? file
  // The flow takes the name the person gave it (the recorder names it after the file).
  if (result.value.flow && result.value.flow.flow !== name) {
    const renamed = await flowsHost.save(saved, { ...editable(result.value.flow), flow: name })
    if (!renamed.ok) reject(renamed.error)
  }
  take({ recording: false })
  toast({ kind: 'info', message: `Saved the recording as “${name}” (${saved}).` })
  await useFlows.getState().load()
  return true
}
