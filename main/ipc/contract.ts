import { z } from 'zod'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { FlowReport } from '../flows/runner.ts'
import type { SyncConflictView, SyncServiceReport, SyncStatus } from '../sync/sync-service.ts'

export type { FlowReport, StepReport, ReportedEvent } from '../flows/runner.ts'
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
  dispatch: z.strictObject({
    command: z.string().min(1).max(100),
    aggregate: z.string().min(1).max(100).optional(),
    data: record,
    commandId: z.string().min(1).max(200).optional(),
    actor: z.string().min(1).max(200).optional(),
    expectedVersion: z.number().int().min(0).optional(),
  }),
  query: z.strictObject({ name: z.string().min(1).max(100), params: record.optional(), asOf: z.number().int().min(0).optional() }),
  'workspace.info': z.strictObject({}),
  'workspace.updateSettings': z.strictObject({ settings: record }),
  'workspace.events': z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) }),
  'market.quotes': z.strictObject({}),
  'market.set': z.strictObject({ prices: z.record(z.string(), z.string()) }),
  'flows.list': z.strictObject({}),
  'flows.run': z.strictObject({
    file: z.string().min(1).max(200).regex(/^[\w.-]+\.flow\.json$/, 'a flow file name in flows/'),
    /**
     * `workspace` (the default): the flow is first tried in a copy of the workspace's log in memory; only
     * when every step passes are its events recorded in the open workspace (else nothing is written and
     * the report names the ids that already exist). `scratch`: the flow runs as an executable specification
     * in a fresh log in memory; nothing is written, and it can be run again and again.
     */
    into: z.enum(['workspace', 'scratch']).optional(),
  }),
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

/** A sample flow as the Flows screen lists it. */
export interface FlowSummary {
  file: string
  flow: string
  description?: string
  steps: number
}

/** The value of each method. */
export interface MethodValues {
  dispatch: { events: EventEnvelope[]; position: number; duplicate?: boolean }
  query: unknown
  'workspace.info': WorkspaceInfo
  'workspace.updateSettings': Record<string, unknown>
  'workspace.events': EventEnvelope[]
  /** `open`: the price of the day's open, where the market tells it (the simulated one does). */
  'market.quotes': Array<{ symbol: string; price: string; at: string; open?: string }>
  'market.set': { events: EventEnvelope[]; position: number }
  'flows.list': FlowSummary[]
  'flows.run': FlowReport
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
  }
  flows: {
    list(): Promise<ApiResult<FlowSummary[]>>
    run(file: string, into?: FlowTarget): Promise<ApiResult<FlowReport>>
  }
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
