import type { ApiResult } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'

/*
 * The flows studio's door to the host (FLOWS-API): the flow library, the form editor's registry and
 * validation, recording, "Make a spec" and the storm's exports. Shared by the Flows screen and the
 * Timeline (features never import each other), so it lives here.
 */

/** A flow file as it is on disk: `{flow, description?, start?, wire?, steps: [...]}`, each step one kind. */
export interface FlowFile {
  flow: string
  description?: string
  start?: string
  wire?: 'auto' | 'manual'
  steps: Array<Record<string, unknown>>
}

/** A flow of the library: a sample (read-only) or one of the workspace's own, with its last result. */
export interface LibraryFlow {
  file: string
  name: string
  description?: string
  steps: number
  source: 'sample' | 'workspace'
  readOnly: boolean
  lastResult?: { passed: boolean; failedSteps: number; at: string }
}

/** One problem of a flow, at the JSON path of its field (`steps[2].data.amount`), in the engine's words. */
export interface FlowProblem {
  field: string
  code: string
  message: string
}

/** A data field of a command, as the form builds it from the command's schema. */
export interface CommandField {
  name: string
  type: 'string' | 'decimal' | 'integer' | 'number' | 'boolean' | 'enum' | 'date' | 'object' | 'array'
  required: boolean
  options?: string[]
  description?: string
}

/** A command of the registry, for the form's command picker. */
export interface CommandInfo {
  command: string
  aggregate: string
  context: string
  policyOnly: boolean
  fields: CommandField[]
}

/** What the recorder says: whether it is on, since which position, how many commands so far; on stop, the flow saved. */
export interface RecordingStatus {
  recording: boolean
  from?: number
  commands?: number
  file?: string
  flow?: FlowFile
}

/** The storm's export formats. */
export type ExportFormat = 'md' | 'mermaid' | 'svg' | 'png' | 'jsonl' | 'flow'

/** What to export: a part of the log (positions, a range, a cascade), lanes for the drawings. */
export interface ExportScope {
  from?: number
  to?: number
  correlation?: string
  lanes?: 'context' | 'aggregate'
  positions?: number[]
}

/** An exported file: its name, type and content (text, or base64 for a PNG). */
export interface ExportedFile {
  fileName: string
  mime: string
  text?: string
  base64?: string
}

/** A flow as it is read back: its file, where it lives, its content. */
export interface ReadFlow {
  file: string
  source: 'sample' | 'workspace'
  flow: FlowFile
}

type Flows = Record<string, (params: any) => Promise<ApiResult<any>>>

function call<T>(method: string, params: Record<string, unknown>): Promise<ApiResult<T>> {
  const flows = bridge().flows as unknown as Flows
  const fn = flows[method]
  if (typeof fn !== 'function') return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: `This Stormbook cannot ${method} flows.` } })
  return fn(params)
}

/** The flows studio's calls. */
export const flowsHost = {
  list: () => call<LibraryFlow[]>('list', {}),
  read: (file: string) => call<ReadFlow>('read', { file }),
  save: (file: string, flow: FlowFile) => call<LibraryFlow>('save', { file, flow }),
  rename: (file: string, to: string) => call<LibraryFlow>('rename', { file, to }),
  duplicate: (file: string, to?: string) => call<LibraryFlow>('duplicate', to === undefined ? { file } : { file, to }),
  remove: (file: string) => call<Record<string, never>>('delete', { file }),
  importText: (file: string, text: string) => call<LibraryFlow>('import', { file, text }),
  validate: (flow: FlowFile) => call<{ problems: FlowProblem[] }>('validate', { flow }),
  commands: () => call<CommandInfo[]>('commands', {}),
  fromLog: (position: number) => call<{ file: string; flow: FlowFile }>('fromLog', { position }),
  record: (params: { action: 'start' } | { action: 'stop'; file?: string } | { action: 'status' }) => call<RecordingStatus>('record', params),
}

/** Exports a part of the log as md, mermaid, svg, png, jsonl or a flow file. */
export function exportStorm(format: ExportFormat, scope: ExportScope = {}): Promise<ApiResult<ExportedFile>> {
  const storm = (bridge() as unknown as { storm?: { export?: (params: unknown) => Promise<ApiResult<ExportedFile>> } }).storm
  if (!storm?.export) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'This Stormbook cannot export the storm.' } })
  return storm.export({ format, ...scope })
}

/** A flow file's name from a flow's name ("Win the Acme deal" → "win-the-acme-deal.flow.json"). */
export function flowFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80)
  return `${slug || 'flow'}.flow.json`
}
