import { create } from 'zustand'
import type { FlowReport, FlowSummary, FlowTarget } from '../../main/ipc/contract.ts'
import { listFlows, runFlow } from '../workspace/host.ts'
import { reject } from '../workspace/toasts.ts'

/** The last run: which flow, where it ran, and what its steps did. */
export interface LastRun {
  file: string
  flow: string
  into: FlowTarget
  report: FlowReport
}

/** The Flows screen's state: the flows of the workspace, the one running, and the last report. */
interface FlowsState {
  /** null until the list has been read. */
  flows: FlowSummary[] | null
  running: { file: string; into: FlowTarget } | null
  last: LastRun | null
  /** Reads the flows folder's list (a refusal is toasted). */
  load(): Promise<void>
  /**
   * Checks a flow in a scratch log, or runs it into the workspace. A run into the workspace pushes its
   * events like any command, and every screen refreshes from them: nothing is refreshed here.
   */
  run(flow: FlowSummary, into: FlowTarget): Promise<void>
}

export const useFlows = create<FlowsState>()((set) => ({
  flows: null,
  running: null,
  last: null,
  async load() {
    const result = await listFlows()
    if (result.ok) set({ flows: result.value })
    else reject(result.error)
  },
  async run(flow, into) {
    set({ running: { file: flow.file, into } })
    const result = await runFlow(flow.file, into)
    set({ running: null })
    if (!result.ok) {
      reject(result.error)
      return
    }
    set({ last: { file: flow.file, flow: flow.flow, into, report: result.value } })
  },
}))
