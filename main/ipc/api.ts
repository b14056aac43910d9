import { codedError, isCodedError, toCodedError } from '../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../domain/kernel/schema-issue.ts'
import { importHistory, loadHistories, previewImport } from '../app/market-files.ts'
import type { Workspace } from '../app/workspace.ts'
import { methodParams, type ApiResult, type Method, type MethodValues, type Params, type WorkspaceInfo } from './contract.ts'
import { flowMethods } from './flow-methods.ts'

import { syncMethods, type SyncContext } from './sync-api.ts'

/** What a host gives the API: the open workspace, where the sample flows are, and its team sync (optional). */
export interface ApiContext extends SyncContext {
  workspace: Workspace
  flowsDir: string
}

function failure(error: unknown): ApiResult<never> {
  if (isCodedError(error)) return { ok: false, error: toCodedError(error) }
  // A bug: say so in words, never with a stack trace.
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Stormbook; nothing was written. Details are in the log.', details: {} } }
}

/**
 * The host-independent side of the `stormbook` API: validates a method's params (INVALID_REQUEST names
 * the field) and runs it against the workspace. Electron IPC and the browser-mode WebSocket both call it.
 */
export function createApi(context: ApiContext) {
  const { workspace } = context
  const engine = workspace.engine

  const methods: { [M in Method]: (params: any) => Promise<ApiResult<MethodValues[M]>> | ApiResult<MethodValues[M]> } = {
    dispatch: async (params) => {
      const result = await engine.dispatch(params)
      return result.ok ? { ok: true, value: { events: result.events, position: result.position, duplicate: result.duplicate } } : result
    },
    // In order: the engine queues them as sent, and their flushes are shared (group commit).
    dispatchBatch: async (params) => ({ ok: true, value: await Promise.all((params.commands as unknown[]).map((command) => methods.dispatch(command))) }),
    query: (params) => engine.query(params.name, params.params ?? {}, { asOf: params.asOf }),
    'workspace.info': () => ({ ok: true, value: info() }),
    'workspace.updateSettings': async (params) => ({ ok: true, value: await workspace.updateSettings(params.settings) }),
    'workspace.events': (params) => {
      const to = Math.min(params.to, params.from + 4999)
      return { ok: true, value: engine.store.readRange(params.from, to) }
    },
    'market.quotes': () => {
      const market = engine.quotes as { quotesWithOpen?: () => MethodValues['market.quotes'] }
      return { ok: true, value: market.quotesWithOpen?.() ?? engine.quotes.all() }
    },
    'market.set': async (params) => {
      const result = await engine.market(params.prices)
      return result.ok ? { ok: true, value: { events: result.events, position: result.position } } : result
    },
    // --- market practice (market) ---
    'market.controls': () => ({ ok: true, value: workspace.market.controls() }),
    'market.control': async (params: Params<'market.control'>) => {
      if (engine.store.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: the market cannot be controlled.', { field: 'action' })
      if (params.action === 'step') {
        const result = await workspace.market.step()
        return result.ok ? { ok: true, value: workspace.market.controls() } : result
      }
      const patch = controlSettings(params)
      await workspace.updateSettings({ ...workspace.document.data.settings, ...patch })
      return { ok: true, value: workspace.market.controls() }
    },
    'market.previewImport': (params: Params<'market.import'>) => ({ ok: true, value: previewImport(params) }),
    'market.import': (params: Params<'market.import'>) => {
      if (engine.store.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: nothing can be imported.', { field: 'csv' })
      // The open workspace holds the lock already; the market replays the new histories from now on.
      const imported = importHistory(workspace.dir, params, 'held')
      loadHistories(engine.quotes, workspace.dir, imported.map((h) => h.symbol))
      return { ok: true, value: { imported, controls: workspace.market.controls() } }
    },
    // --- flows studio (flowcore) ---
    ...flowMethods(workspace, context.flowsDir),
    // --- team sync (syncapp) ---
    ...syncMethods(context),
  }

  function info(): WorkspaceInfo {
    return {
      name: workspace.document.data.name,
      dir: workspace.dir,
      readOnly: engine.store.readOnly,
      lastPosition: engine.store.lastPosition,
      settings: { ...engine.settings },
      report: workspace.report,
    }
  }

  /** Calls one method with untrusted params; never throws. */
  async function call(method: string, params: unknown): Promise<ApiResult<unknown>> {
    if (!Object.hasOwn(methodParams, method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method ${method}.`, details: { field: 'method', candidates: Object.keys(methodParams) } } }
    }
    const schema = methodParams[method as Method]
    const parsed = schema.safeParse(params ?? {})
    if (!parsed.success) {
      const issue = describeIssue(parsed.error)
      const field = issue.field || 'params'
      return { ok: false, error: { code: 'INVALID_REQUEST', message: `${method}: ${field}: ${issue.problem}`, details: { field } } }
    }
    try {
      return await methods[method as Method](parsed.data)
    } catch (error) {
      return failure(error)
    }
  }

  /** Hears every change of the market's quotes, where the market tells them (the simulated one does). */
  function onQuotes(listener: (quotes: MethodValues['market.quotes']) => void): () => void {
    const market = engine.quotes as { onQuotes?: (listener: (quotes: MethodValues['market.quotes']) => void) => () => void }
    return market.onQuotes?.(listener) ?? (() => undefined)
  }

  /** Hears every change of the workspace's sync status (nothing when it has no team sync). */
  function onSyncStatus(listener: (status: MethodValues['sync.status']) => void): () => void {
    return context.sync?.onStatus(listener) ?? (() => undefined)
  }

  return { call, info, onQuotes, onSyncStatus }
}

/** The settings a practice control keeps (every control but a step). */
function controlSettings(control: Exclude<Params<'market.control'>, { action: 'step' }>): Record<string, unknown> {
  switch (control.action) {
    case 'pause':
      return { marketPaused: true }
    case 'resume':
      return { marketPaused: false }
    case 'speed':
      return { marketTickSeconds: control.tickSeconds }
    case 'seed':
      return { marketSeed: control.seed }
    case 'replay':
      return { marketReplay: control.on }
  }
}
