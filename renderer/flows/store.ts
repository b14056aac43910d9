import { create } from 'zustand'
import type { FlowReport, FlowTarget } from '../../main/ipc/contract.ts'
import { flowsHost, type FlowFile, type LibraryFlow } from '../workspace/flows.ts'
import { runFlow } from '../workspace/host.ts'
import { reject } from '../workspace/toasts.ts'

/** The last run: which flow, where it ran, and what its steps did. */
export interface LastRun {
  file: string
  flow: string
  /** The flow itself when it is not a library file (the editor's unsaved one), to export its storm. */
  document?: FlowFile
  into: FlowTarget
  report: FlowReport
}

/** What the Flows screen shows: the library, the form editor, or a run being watched. */
export type FlowsView = 'library' | 'edit' | 'watch'

/** The Flows screen's state: the library, the flow running, the last report, and what is shown. */
interface FlowsState {
  /** null until the list has been read. */
  flows: LibraryFlow[] | null
  running: { file: string; into: FlowTarget } | null
  last: LastRun | null
  view: FlowsView
  /** The run shown on the storm drawing (view `watch`). */
  watching: LastRun | null
  /** Where "Back" from watching goes: the library or the editor it was run from. */
  returnTo: FlowsView
  /** Reads the library (a refusal is toasted). */
  load(): Promise<void>
  /**
   * Checks a flow in a scratch log, or runs it into the workspace. A run into the workspace pushes its
   * events like any command, and every screen refreshes from them; the library is read again for the
   * flow's last result.
   */
  run(flow: LibraryFlow, into: FlowTarget): Promise<void>
  showLibrary(): void
  showEditor(): void
  watch(run: LastRun): void
  /** Leaves the watched run for the view it was started from. */
  back(): void
}

export const useFlows = create<FlowsState>()((set, get) => ({
  flows: null,
  running: null,
  last: null,
  view: 'library',
  watching: null,
  returnTo: 'library',
  async load() {
    const result = await flowsHost.list()
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
    set({ last: { file: flow.file, flow: flow.name, into, report: result.value } })
    void get().load()
  },
  showLibrary: () => set({ view: 'library', watching: null }),
  showEditor: () => set({ view: 'edit', watching: null }),
  watch: (run) => set((s) => ({ view: 'watch', watching: run, returnTo: s.view === 'watch' ? s.returnTo : s.view })),
  back: () => set((s) => ({ view: s.returnTo, watching: null })),
}))
