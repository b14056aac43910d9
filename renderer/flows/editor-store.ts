import { create } from 'zustand'
import type { FlowReport } from '../../main/ipc/contract.ts'
import { flowFileName, flowsHost, type CommandInfo, type FlowFile, type FlowProblem } from '../workspace/flows.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { blankStep, moved, type RawStep, type StepKind } from './draft.ts'

let nextKey = 1
const key = () => nextKey++

/** How long typing pauses before the flow is validated again. */
export const VALIDATE_DELAY_MS = 250

/** The form editor: the flow being written, its file, the engine's problems, and the last scratch run. */
interface EditorState {
  /** null when the editor is closed. */
  draft: FlowFile | null
  /** Stable keys of the steps (for React and focus), moved with them. */
  keys: number[]
  /** The library file it was opened from; null for a new flow. */
  file: string | null
  readOnly: boolean
  dirty: boolean
  problems: FlowProblem[]
  /** The registry's commands, once read. */
  commands: CommandInfo[]
  report: FlowReport | null
  running: boolean
  saving: boolean
  open(draft: FlowFile, file: string | null, readOnly: boolean): void
  close(): void
  /** Changes the flow (its header or steps) and validates again after a pause. */
  change(update: (draft: FlowFile) => FlowFile): void
  changeStep(index: number, update: (step: RawStep) => RawStep): void
  addStep(kind: StepKind, actor: string): void
  removeStep(index: number): void
  moveStep(index: number, by: -1 | 1): void
  validate(): Promise<void>
  loadCommands(): Promise<void>
  /** Saves into the workspace's flows (a new flow under a file named after it); answers the file, or null. */
  save(): Promise<string | null>
  /** Runs the flow as it stands, unsaved, in a scratch log. */
  run(): Promise<void>
}

let timer: ReturnType<typeof setTimeout> | undefined

export const useEditor = create<EditorState>()((set, get) => ({
  draft: null,
  keys: [],
  file: null,
  readOnly: false,
  dirty: false,
  problems: [],
  commands: [],
  report: null,
  running: false,
  saving: false,
  open(draft, file, readOnly) {
    set({ draft, file, readOnly, keys: draft.steps.map(key), dirty: false, problems: [], report: null })
    void get().validate()
    if (get().commands.length === 0) void get().loadCommands()
  },
  close() {
    clearTimeout(timer)
    set({ draft: null, file: null, keys: [], problems: [], report: null, dirty: false })
  },
  change(update) {
    const draft = get().draft
    if (!draft) return
    set({ draft: update(draft), dirty: true })
    clearTimeout(timer)
    timer = setTimeout(() => void get().validate(), VALIDATE_DELAY_MS)
  },
  changeStep(index, update) {
    get().change((d) => ({ ...d, steps: d.steps.map((s, i) => (i === index ? update(s) : s)) }))
  },
  addStep(kind, actor) {
    set((s) => ({ keys: [...s.keys, key()] }))
    get().change((d) => ({ ...d, steps: [...d.steps, blankStep(kind, actor)] }))
  },
  removeStep(index) {
    set((s) => ({ keys: s.keys.filter((_, i) => i !== index) }))
    get().change((d) => ({ ...d, steps: d.steps.filter((_, i) => i !== index) }))
  },
  moveStep(index, by) {
    set((s) => ({ keys: moved(s.keys, index, by) }))
    get().change((d) => ({ ...d, steps: moved(d.steps, index, by) }))
  },
  async validate() {
    const draft = get().draft
    if (!draft) return
    const result = await flowsHost.validate(draft)
    // A later change may have come meanwhile: only the answer for the flow on screen counts.
    if (get().draft !== draft) return
    if (result.ok) set({ problems: result.value.problems })
    else set({ problems: [{ field: '(file)', code: result.error.code, message: result.error.message }] })
  },
  async loadCommands() {
    const result = await flowsHost.commands()
    if (result.ok) set({ commands: result.value })
    else reject(result.error)
  },
  async save() {
    const { draft, file, readOnly } = get()
    if (!draft) return null
    const target = file !== null && !readOnly ? file : flowFileName(draft.flow)
    set({ saving: true })
    const result = await flowsHost.save(target, draft)
    set({ saving: false })
    if (!result.ok) {
      reject(result.error)
      return null
    }
    set({ file: result.value.file, readOnly: false, dirty: false })
    toast({ kind: 'info', message: `Saved “${draft.flow}” as ${result.value.file}.` })
    return result.value.file
  },
  async run() {
    const draft = get().draft
    if (!draft) return
    set({ running: true })
    const result = await flowsHost.runDraft(draft)
    set({ running: false })
    if (result.ok) set({ report: result.value })
    else reject(result.error)
  },
}))
