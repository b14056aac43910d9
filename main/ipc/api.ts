import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isCodedError, toCodedError } from '../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../domain/kernel/schema-issue.ts'
import type { Workspace } from '../app/workspace.ts'
import { parseFlow } from '../flows/flow-file.ts'
import { runFlowText } from '../flows/run-flow-file.ts'
import { methodParams, type ApiResult, type FlowSummary, type Method, type MethodValues, type WorkspaceInfo } from './contract.ts'
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
    'flows.list': () => ({ ok: true, value: listFlows(context.flowsDir) }),
    'flows.run': async (params) => {
      let text: string
      try {
        text = readFileSync(join(context.flowsDir, params.file), 'utf8')
      } catch {
        return { ok: false, error: { code: 'FLOW_NOT_FOUND', message: `There is no flow ${params.file} in this workspace's flows.`, details: { field: 'file' } } }
      }
      // The CLI's `flow run` runs flows through the same function, with the same settings (start, wire,
      // market): a Check is a fresh scratch log; a run into the workspace is tried in a scratch copy first.
      const facilitator = typeof engine.settings.actor === 'string' ? engine.settings.actor : undefined
      return { ok: true, value: await runFlowText(text, { contexts: engine.registry.contexts, into: params.into === 'scratch' ? undefined : engine, facilitator }) }
    },
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

/** The sample flows in a folder, as the Flows screen lists them (unreadable files are skipped). */
export function listFlows(dir: string): FlowSummary[] {
  let files: string[] = []
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.flow.json')).sort()
  } catch {
    return []
  }
  const out: FlowSummary[] = []
  for (const file of files) {
    try {
      const flow = parseFlow(readFileSync(join(dir, file), 'utf8'))
      out.push({ file, flow: flow.flow, description: flow.description, steps: flow.steps.length })
    } catch {
      // a malformed sample is left out of the list; `flow run` names its problem
    }
  }
  return out
}
