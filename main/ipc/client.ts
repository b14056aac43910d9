import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { ApiResult, Method, MethodValues, OpenProgress, StormbookApi } from './contract.ts'

/*
 * The `stormbook` API client, written once (like VS Code's ProxyChannel.toService): every transport (the
 * Electron preload, the browser-mode WebSocket, the in-process API of tests) gives one `call` function and
 * its listeners, and gets the same object. A pure module: the renderer and the sandboxed preload import it.
 */

/** The most commands one dispatchBatch carries (an import sends its rows in batches of this many). */
export const MAX_BATCH = 500

/** Sends one method with its params to a host and answers its result; never throws. */
export type Call = (method: Method, params: unknown) => Promise<ApiResult<any>>

/** What a transport hears from its host: new events, and (Electron only) how far opening has got. */
export interface ClientListeners {
  onEvents(listener: (events: EventEnvelope[]) => void): () => void
  onProgress?(listener: (progress: OpenProgress) => void): () => void
  /** Every change of the quotes, pushed (browser mode, in-process). */
  onQuotes?(listener: (quotes: MethodValues['market.quotes']) => void): () => void
  /** Every change of the sync status, pushed. */
  onSyncStatus?(listener: (status: MethodValues['sync.status']) => void): () => void
}

/** The `stormbook` API over one transport: each method is one `call` with a fixed method name and its params. */
export function clientOf(call: Call, listeners: ClientListeners): StormbookApi {
  const { onEvents, onProgress, onQuotes, onSyncStatus } = listeners
  return {
    dispatch: (command) => call('dispatch', command),
    dispatchBatch: (commands) => call('dispatchBatch', { commands }),
    query: (name, params, options) => call('query', { name, ...(params !== undefined ? { params } : {}), ...(options?.asOf !== undefined ? { asOf: options.asOf } : {}) }),
    onEvents: (listener) => onEvents(listener),
    workspace: {
      info: () => call('workspace.info', {}),
      updateSettings: (settings) => call('workspace.updateSettings', { settings }),
      events: (from, to) => call('workspace.events', { from, to }),
      ...(onProgress ? { onProgress: (listener: (progress: OpenProgress) => void) => onProgress(listener) } : {}),
    },
    market: {
      quotes: () => call('market.quotes', {}),
      set: (prices) => call('market.set', { prices }),
      controls: () => call('market.controls', {}),
      control: (control) => call('market.control', control),
      previewImport: (request) => call('market.previewImport', request),
      import: (request) => call('market.import', request),
      ...(onQuotes ? { onQuotes: (listener: (quotes: MethodValues['market.quotes']) => void) => onQuotes(listener) } : {}),
    },
    // --- flows studio (flowcore) ---
    flows: {
      list: () => call('flows.list', {}),
      run: (file, into) => call('flows.run', typeof file !== 'string' ? { flow: file, into: 'scratch' } : into === undefined ? { file } : { file, into }),
      read: (file) => call('flows.read', { file }),
      save: (file, flow) => call('flows.save', { file, flow }),
      rename: (file, to) => call('flows.rename', { file, to }),
      duplicate: (file, to) => call('flows.duplicate', to === undefined ? { file } : { file, to }),
      delete: (file) => call('flows.delete', { file }),
      import: (file, text) => call('flows.import', { file, text }),
      validate: (flow) => call('flows.validate', { flow }),
      commands: () => call('flows.commands', {}),
      fromLog: (position) => call('flows.fromLog', { position }),
      record: (action) => call('flows.record', action),
      export: (params) => call('flows.export', params),
    },
    storm: {
      export: (params) => call('storm.export', params),
    },
    // --- end flows studio ---
    sync: {
      status: () => call('sync.status', {}),
      configure: (settings) => call('sync.configure', settings),
      test: (settings) => call('sync.test', settings ?? {}),
      now: () => call('sync.now', {}),
      conflicts: () => call('sync.conflicts', {}),
      discard: (id) => call('sync.discard', { id }),
      retry: (id, data) => call('sync.retry', { id, data }),
      setPassword: (password) => call('sync.setPassword', { password }),
      ...(onSyncStatus ? { onStatus: (listener: (status: MethodValues['sync.status']) => void) => onSyncStatus(listener) } : {}),
    },
  }
}
