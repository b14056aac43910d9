import { z } from 'zod'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { FlowReport } from '../flows/runner.ts'
import type { FlowSource, FlowSummary } from '../flows/library.ts'
import { FLOW_FILE_NAME } from '../flows/flow-names.ts'
import type { FlowDocument, FlowProblem } from '../flows/flow-file.ts'
import type { CommandInfo } from '../flows/command-catalog.ts'
import type { RecordingStatus } from '../flows/recorder.ts'
import { EXPORT_FORMATS } from '../export/formats.ts'
import { MAX_BATCH } from './client.ts'

export type { FlowReport, StepReport, ReportedEvent } from '../flows/runner.ts'
export type { FlowSummary, FlowResult, FlowSource } from '../flows/library.ts'
export type { FlowDocument, FlowStepDocument, FlowProblem } from '../flows/flow-file.ts'
export type { CommandInfo, CommandField, FieldType } from '../flows/command-catalog.ts'
export type { RecordingStatus } from '../flows/recorder.ts'
export type { ExportFormat } from '../export/formats.ts'
import type { ImportedHistory, ImportPreview } from '../app/market-files.ts'
import type { MarketControls } from '../app/market-ticker.ts'
export type { ImportedHistory, ImportPreview } from '../app/market-files.ts'
export type { MarketControls } from '../app/market-ticker.ts'
import type { SyncConflictView, SyncServiceReport, SyncStatus } from '../sync/sync-service.ts'
export type { SyncConflictView, SyncServiceReport as SyncReport, SyncStatus } from '../sync/sync-service.ts'

/** Where a flow runs: into the open workspace, or in a fresh scratch log (nothing written). */
export type FlowTarget = 'workspace' | 'scratch'

/**
 * The `stormbook` API between the renderer and a host (Electron IPC or the browser-mode WebSocket):
 * the method names, their params' schemas, and the result envelope. The renderer may import this file's
 * types; hosts validate every payload with these schemas.
 */

/** Every call answers `{ok: true, value}` or `{ok: false, error}` (nothing throws across the bridge). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: CodedError }

const record = z.record(z.string(), z.unknown())

/** A flow file's name in a library: letters, digits, `_ . -`, ending in `.flow.json`. */
const flowFileName = z.string().min(1).max(160).regex(FLOW_FILE_NAME, 'a flow file name such as my-flow.flow.json (letters, digits, _ . -)')
const header = z.string().min(1).max(200)

/** A vendor CSV to import (or preview): its text, the header of each field, the symbol when no column holds it. */
const importParams = z.strictObject({
  csv: z.string().max(1_000_000, 'at most 1,000,000 characters (about 15,000 daily bars)'),
  columns: z.strictObject({ date: header, open: header, high: header, low: header, close: header, volume: header.optional(), symbol: header.optional() }).optional(),
  symbol: z.string().max(20).optional(),
})

const command = z.strictObject({
  command: z.string().min(1).max(100),
  aggregate: z.string().min(1).max(100).optional(),
  data: record,
  commandId: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  expectedVersion: z.number().int().min(0).optional(),
})
// ── Team sync (sync.*): shapes only; the sync service checks the URL (sslmode, no password), the team and the
// interval, and names the field at fault (SYNC_URL_INVALID, SYNC_URL_HAS_PASSWORD, SYNC_TEAM_INVALID…).
const syncUrl = z.string().max(2000)
const syncTeam = z.string().max(200)
const syncParams = {
  'sync.status': z.strictObject({}),
  'sync.configure': z.strictObject({ url: syncUrl, team: syncTeam, everySeconds: z.number() }),
  'sync.test': z.strictObject({ url: syncUrl.optional(), team: syncTeam.optional() }),
  'sync.now': z.strictObject({}),
  'sync.conflicts': z.strictObject({}),
  'sync.discard': z.strictObject({ id: z.string().min(1).max(200) }),
  'sync.retry': z.strictObject({ id: z.string().min(1).max(200), data: record }),
  /** An empty password forgets the one kept. */
  'sync.setPassword': z.strictObject({ password: z.string().max(1000) }),
} as const

/** Params of each method, checked by the host before anything runs. */
export const methodParams = {
  dispatch: command,
  /** Many commands in one message, dispatched in order (each its own command and events): an import's rows. */
  dispatchBatch: z.strictObject({ commands: z.array(command).min(1).max(MAX_BATCH) }),
  query: z.strictObject({ name: z.string().min(1).max(100), params: record.optional(), asOf: z.number().int().min(0).optional() }),
  'workspace.info': z.strictObject({}),
  'workspace.updateSettings': z.strictObject({ settings: record }),
  'workspace.events': z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) }),
  'market.quotes': z.strictObject({}),
  'market.set': z.strictObject({ prices: z.record(z.string(), z.string()) }),
  // --- market practice (market) ---
  'market.controls': z.strictObject({}),
  /** One practice control: pause, resume, one step, the seconds between ticks, the seed, day-by-day replay. */
  'market.control': z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('pause') }),
    z.strictObject({ action: z.literal('resume') }),
    z.strictObject({ action: z.literal('step') }),
    z.strictObject({ action: z.literal('speed'), tickSeconds: z.number().min(0.1, 'at least 0.1 seconds between ticks').max(3600, 'at most an hour between ticks') }),
    z.strictObject({ action: z.literal('seed'), seed: z.number().int('a whole number').min(-(2 ** 31)).max(2 ** 31 - 1) }),
    z.strictObject({ action: z.literal('replay'), on: z.boolean() }),
  ]),
  'market.previewImport': importParams,
  'market.import': importParams,
  // --- flows studio (flowcore): the flow library, specs from the log, recording, exports ---
  'flows.list': z.strictObject({}),
  'flows.run': z
    .strictObject({
      /** A flow of the library (samples and the workspace's own flows/). */
      file: flowFileName.optional(),
      /** Or an unsaved flow (the editor's), which runs in scratch only. */
      flow: record.optional(),
      /**
       * `workspace` (the default for a file): the flow is first tried in a copy of the workspace's log in
       * memory; only when every step passes are its events recorded in the open workspace (else nothing is
       * written and the report names the ids that already exist). `scratch`: the flow runs as an executable
       * specification in a fresh log in memory; nothing is written, and the report keeps the scratch log.
       */
      into: z.enum(['workspace', 'scratch']).optional(),
    })
    .superRefine((p, ctx) => {
      if ((p.file === undefined) === (p.flow === undefined)) ctx.addIssue({ code: 'custom', path: ['file'], message: 'name a flow file, or give an unsaved flow (not both)' })
      else if (p.flow !== undefined && p.into === 'workspace') ctx.addIssue({ code: 'custom', path: ['into'], message: 'an unsaved flow runs in scratch only' })
    }),
  'flows.read': z.strictObject({ file: flowFileName }),
  'flows.save': z.strictObject({ file: flowFileName, flow: record }),
  'flows.rename': z.strictObject({ file: flowFileName, to: flowFileName }),
  'flows.duplicate': z.strictObject({ file: flowFileName, to: flowFileName.optional() }),
  'flows.delete': z.strictObject({ file: flowFileName }),
  'flows.import': z.strictObject({ file: flowFileName, text: z.string().max(5_000_000) }),
  'flows.validate': z.strictObject({ flow: z.unknown() }),
  'flows.commands': z.strictObject({}),
  'flows.fromLog': z.strictObject({ position: z.number().int().min(1) }),
  'flows.record': z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('start') }),
    z.strictObject({ action: z.literal('stop'), file: flowFileName.optional(), name: z.string().min(1).max(200).optional() }),
    z.strictObject({ action: z.literal('status') }),
  ]),
  'storm.export': z.strictObject({
    format: z.enum(EXPORT_FORMATS),
    from: z.number().int().min(1).optional(),
    to: z.number().int().min(1).optional(),
    correlation: z.string().min(1).max(200).optional(),
    lanes: z.enum(['context', 'aggregate']).optional(),
    /** The selected events' positions (the storm view's selection); with from/to/correlation, both must hold. */
    positions: z.array(z.number().int().min(1)).max(100_000).optional(),
  }),
  /** A flow's own storm (a library flow, or the editor's unsaved one), run in scratch with its hotspots raised, in one format. */
  'flows.export': z
    .strictObject({
      file: flowFileName.optional(),
      flow: record.optional(),
      format: z.enum(EXPORT_FORMATS),
      lanes: z.enum(['context', 'aggregate']).optional(),
    })
    .refine((p) => (p.file === undefined) !== (p.flow === undefined), { path: ['file'], message: 'name a flow file, or give an unsaved flow (not both)' }),
  // --- end flows studio ---
  ...syncParams,
} as const

/** The names of the API's methods. */
export type Method = keyof typeof methodParams

/** Params of one method. */
export type Params<M extends Method> = z.infer<(typeof methodParams)[M]>

/** What the renderer knows of the open workspace. */
export interface WorkspaceInfo {
  name: string
  dir: string | null
  readOnly: boolean
  lastPosition: number
  settings: Record<string, unknown>
  /** What opening found: a torn tail moved aside, a damaged line (read-only), a resumed cascade. */
  report: { tornFile?: string; tornBytes?: number; corrupt?: { line: number; reason: string }; resumed: number; problems?: CodedError[] }
}

/** How far opening a workspace has got: bytes of its log read, of all. */
export interface OpenProgress {
  done: number
  total: number
}

/** The value of each method. */
export interface MethodValues {
  dispatch: { events: EventEnvelope[]; position: number; duplicate?: boolean }
  /** Each command's own answer, in the order sent. */
  dispatchBatch: Array<ApiResult<{ events: EventEnvelope[]; position: number; duplicate?: boolean }>>
  query: unknown
  'workspace.info': WorkspaceInfo
  'workspace.updateSettings': Record<string, unknown>
  'workspace.events': EventEnvelope[]
  /** `open`: the price of the day's open, where the market tells it (the simulated one does). */
  'market.quotes': Array<{ symbol: string; price: string; at: string; open?: string }>
  'market.set': { events: EventEnvelope[]; position: number }
  // --- market practice (market) ---
  'market.controls': MarketControls
  'market.control': MarketControls
  'market.previewImport': ImportPreview
  'market.import': { imported: ImportedHistory[]; controls: MarketControls }
  // --- flows studio (flowcore) ---
  'flows.list': FlowSummary[]
  'flows.run': FlowReport
  'flows.read': { file: string; source: FlowSource; flow: FlowDocument }
  'flows.save': FlowSummary
  'flows.rename': FlowSummary
  'flows.duplicate': FlowSummary
  'flows.delete': Record<string, never>
  'flows.import': FlowSummary
  'flows.validate': { problems: FlowProblem[] }
  'flows.commands': CommandInfo[]
  'flows.fromLog': { file: string; flow: FlowDocument }
  'flows.record': RecordingStatus
  'storm.export': StormExport
  'flows.export': StormExport
  // --- end flows studio ---
  // ── Team sync
  'sync.status': SyncStatus
  'sync.configure': SyncStatus
  'sync.test': { serverVersion: string; schemaVersion: number }
  'sync.now': SyncServiceReport
  'sync.conflicts': SyncConflictView[]
  'sync.discard': SyncStatus
  'sync.retry': SyncServiceReport
  'sync.setPassword': { stored: boolean }
}

/** An export over the API: its file name and MIME type, and its content as text or (png) base64. */
export interface StormExport {
  fileName: string
  mime: string
  text?: string
  base64?: string
}

/** How `flows.record` is asked: start, stop (saving into the workspace's flows/), or how it stands. */
export type RecordAction = Params<'flows.record'>

/** A request on the wire (WebSocket) or over IPC. */
export const requestSchema = z.strictObject({ id: z.number().int().min(0), method: z.enum(Object.keys(methodParams) as [Method, ...Method[]]), params: z.unknown() })

/** Messages a host pushes to the renderer. */
export type ServerMessage =
  | { type: 'response'; id: number; result: ApiResult<unknown> }
  | { type: 'events'; events: EventEnvelope[] }
  | { type: 'quotes'; quotes: MethodValues['market.quotes'] }
  | { type: 'error'; error: CodedError }
  | { type: 'sync'; status: SyncStatus }

/** The object the preload exposes as `window.stormbook`, and the browser-mode bridge implements. */
export interface StormbookApi {
  dispatch(command: Params<'dispatch'>): Promise<ApiResult<MethodValues['dispatch']>>
  /** Many commands in one round trip, dispatched in order; optional (a host without it gets them one by one). */
  dispatchBatch?(commands: Array<Params<'dispatch'>>): Promise<ApiResult<MethodValues['dispatchBatch']>>
  query(name: string, params?: Record<string, unknown>, options?: { asOf?: number }): Promise<ApiResult<unknown>>
  onEvents(listener: (events: EventEnvelope[]) => void): () => void
  workspace: {
    info(): Promise<ApiResult<WorkspaceInfo>>
    updateSettings(settings: Record<string, unknown>): Promise<ApiResult<Record<string, unknown>>>
    events(from: number, to: number): Promise<ApiResult<EventEnvelope[]>>
    /**
     * Hears how far opening the workspace has got (bytes of its log), while `info()` has not answered yet.
     * Optional: Electron's preload has it; browser mode opens the workspace before it serves the page.
     */
    onProgress?(listener: (progress: OpenProgress) => void): () => void
  }
  market: {
    /** Current quotes of the simulated market. */
    quotes(): Promise<ApiResult<MethodValues['market.quotes']>>
    /** Sets prices by hand (practice mode); the trade service then fills what the new prices trigger. */
    set(prices: Record<string, string>): Promise<ApiResult<MethodValues['market.set']>>
    /**
     * Hears every change of the quotes (each tick, each price set), with all of them: a push, not an
     * event. Optional: a host whose market does not move by itself never calls it.
     */
    onQuotes?(listener: (quotes: MethodValues['market.quotes']) => void): () => void
    /** The practice controls' state: paused or running, seconds between ticks, seed, replay, imported histories. */
    controls(): Promise<ApiResult<MarketControls>>
    /** One practice control (kept in the workspace's settings, except a step); answers the controls' new state. */
    control(control: Params<'market.control'>): Promise<ApiResult<MarketControls>>
    /** Reads a vendor CSV of daily bars through a column mapping, writing nothing: the header, first bars, every problem by line. */
    previewImport(request: Params<'market.import'>): Promise<ApiResult<ImportPreview>>
    /** Imports it into the workspace (`market/<SYMBOL>.csv`) for the market to replay; a file with any problem imports nothing. */
    import(request: Params<'market.import'>): Promise<ApiResult<MethodValues['market.import']>>
  }
  // --- flows studio (flowcore) ---
  flows: {
    /** The samples (read-only) and the workspace's own flows, each with its last result. */
    list(): Promise<ApiResult<FlowSummary[]>>
    /** Runs a library flow (into the workspace, or `scratch`), or an unsaved flow (the editor's) in scratch. */
    run(file: string | Record<string, unknown>, into?: FlowTarget): Promise<ApiResult<FlowReport>>
    read(file: string): Promise<ApiResult<MethodValues['flows.read']>>
    /** Validated first (FLOW_INVALID, `details.field` a JSON path); samples are read-only (FLOW_READ_ONLY). */
    save(file: string, flow: Record<string, unknown>): Promise<ApiResult<FlowSummary>>
    rename(file: string, to: string): Promise<ApiResult<FlowSummary>>
    duplicate(file: string, to?: string): Promise<ApiResult<FlowSummary>>
    delete(file: string): Promise<ApiResult<Record<string, never>>>
    import(file: string, text: string): Promise<ApiResult<FlowSummary>>
    /** Every problem, in the engine's own words, each at its JSON path. */
    validate(flow: unknown): Promise<ApiResult<{ problems: FlowProblem[] }>>
    /** Every command with its data's fields and their types, for the form editor. */
    commands(): Promise<ApiResult<CommandInfo[]>>
    /** "Make a spec": the root command at (or causing) a position as a given / when / then flow. */
    fromLog(position: number): Promise<ApiResult<MethodValues['flows.fromLog']>>
    record(action: RecordAction): Promise<ApiResult<RecordingStatus>>
    /** A flow's own storm in one format (the run's log, hotspots raised): what `stormbook export <flow-file>` writes. */
    export(params: Params<'flows.export'>): Promise<ApiResult<StormExport>>
  }
  storm: {
    /** The same exporters as `stormbook export`; png as base64. */
    export(params: Params<'storm.export'>): Promise<ApiResult<StormExport>>
  }
  // --- end flows studio ---
  /** Team sync through PostgreSQL (Settings ▸ Team sync, the top bar's status, the Conflicts panel). */
  sync: {
    status(): Promise<ApiResult<SyncStatus>>
    configure(settings: Params<'sync.configure'>): Promise<ApiResult<SyncStatus>>
    /** Connects with the URL given (else the configured one): the server's and the schema's versions. */
    test(settings?: Params<'sync.test'>): Promise<ApiResult<MethodValues['sync.test']>>
    now(): Promise<ApiResult<SyncServiceReport>>
    conflicts(): Promise<ApiResult<SyncConflictView[]>>
    /** Moves a refused command to the archive (kept, never deleted). */
    discard(id: string): Promise<ApiResult<SyncStatus>>
    /** Re-decides a refused command with edited data. */
    retry(id: string, data: Record<string, unknown>): Promise<ApiResult<SyncServiceReport>>
    /** Electron: kept in the OS keychain (safeStorage); browser mode answers SYNC_PASSWORD_FROM_ENV. */
    setPassword(password: string): Promise<ApiResult<MethodValues['sync.setPassword']>>
    /** Hears every change of the sync status (pushed by the host). Optional: a host without sync never calls. */
    onStatus?(listener: (status: SyncStatus) => void): () => void
  }
}
