import type { ApiResult, CommandField, CommandInfo, ExportFormat, FlowDocument, FlowProblem, FlowReport, FlowSummary, MethodValues, Params, RecordAction, RecordingStatus } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'

/*
 * The flows studio's door to the host (FLOWS-API): the flow library, the form editor's registry and
 * validation, recording, "Make a spec" and the storm's exports. Shared by the Flows screen and the
 * Timeline (features never import each other), so it lives here.
 */

/** A flow file as it is on disk: `{flow, description?, start?, wire?, steps: [...]}`, each step one kind. */
export type FlowFile = Omit<FlowDocument, 'steps'> & { steps: Array<Record<string, unknown>> }
/** A flow of the library: a sample (read-only) or one of the workspace's own, with its last result. */
export type LibraryFlow = FlowSummary
export type { CommandField, CommandInfo, ExportFormat, FlowProblem, RecordingStatus }
/** What to export: a part of the log (positions, a range, a cascade), lanes for the drawings. */
export type ExportScope = Omit<Params<'storm.export'>, 'format'>
/** An exported file: its name, type and content (text, or base64 for a PNG). */
export type ExportedFile = MethodValues['storm.export']

const asDocument = (flow: FlowFile) => flow as unknown as Record<string, unknown>

/** The flows studio's calls. */
export const flowsHost = {
  list: () => bridge().flows.list(),
  read: async (file: string): Promise<ApiResult<{ file: string; source: FlowSummary['source']; flow: FlowFile }>> => bridge().flows.read(file) as never,
  save: (file: string, flow: FlowFile) => bridge().flows.save(file, asDocument(flow)),
  rename: (file: string, to: string) => bridge().flows.rename(file, to),
  duplicate: (file: string, to?: string) => bridge().flows.duplicate(file, to),
  remove: (file: string) => bridge().flows.delete(file),
  importText: (file: string, text: string) => bridge().flows.import(file, text),
  validate: (flow: FlowFile) => bridge().flows.validate(flow),
  commands: () => bridge().flows.commands(),
  fromLog: async (position: number): Promise<ApiResult<{ file: string; flow: FlowFile }>> => bridge().flows.fromLog(position) as never,
  record: (action: RecordAction) => bridge().flows.record(action),
  /** Runs an unsaved flow (the editor's) in a scratch log: nothing is written. */
  runDraft: (flow: FlowFile): Promise<ApiResult<FlowReport>> => bridge().flows.run(asDocument(flow)),
  /** A flow's own storm (a library file, or the editor's unsaved flow) in one format, as `stormbook export <flow-file>` writes it. */
  exportRun: (format: ExportFormat, of: { file: string } | { flow: FlowFile }): Promise<ApiResult<ExportedFile>> =>
    bridge().flows.export({ format, ...('file' in of ? { file: of.file } : { flow: asDocument(of.flow) }) }),
}

/** The export formats as a menu names them. */
export const EXPORT_CHOICES: ReadonlyArray<[ExportFormat, string]> = [
  ['md', 'Design document (Markdown)'],
  ['mermaid', 'Mermaid flowchart'],
  ['svg', 'Storm drawing (SVG)'],
  ['png', 'Storm drawing (PNG)'],
  ['jsonl', 'Events (JSON lines)'],
  ['flow', 'Flow file (given/when/then)'],
]

/** Exports a part of the log as md, mermaid, svg, png, jsonl or a flow file. */
export function exportStorm(format: ExportFormat, scope: ExportScope = {}): Promise<ApiResult<ExportedFile>> {
  return bridge().storm.export({ format, ...scope })
}

/** A flow file's name from a flow's name ("Win the Acme deal" → "win-the-acme-deal.flow.json"). */
export function flowFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80)
  return `${slug || 'flow'}.flow.json`
}
