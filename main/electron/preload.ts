import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { ApiResult, Method, StormbookApi } from '../ipc/contract.ts'
import { CALL_CHANNEL, EVENTS_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, isMenuAction } from './channels.ts'

/*
 * The preload of every Stormbook window (sandboxed, context-isolated): it exposes `window.stormbook` and
 * nothing else. Each method is one `stormbook:call` with a fixed method name; there is no generic send.
 * Two listeners only hear the main process: `onEvents` (new events) and `workspace.onProgress` (opening).
 */

function ipcFailed(): ApiResult<never> {
  return {
    ok: false,
    error: { code: 'IPC_FAILED', message: 'The request could not reach Stormbook (it may hold something that cannot be sent, such as a function).', details: {} },
  }
}

function isResult(value: unknown): value is ApiResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

async function call(method: Method, params: unknown): Promise<ApiResult<any>> {
  try {
    const result: unknown = await ipcRenderer.invoke(CALL_CHANNEL, method, params)
    return isResult(result) ? result : ipcFailed()
  } catch {
    return ipcFailed()
  }
}

/** The `stormbook` API over Electron IPC. */
export const stormbook: StormbookApi = {
  dispatch: (command) => call('dispatch', command),
  query: (name, params, options) => call('query', { name, ...(params !== undefined ? { params } : {}), ...(options?.asOf !== undefined ? { asOf: options.asOf } : {}) }),
  onEvents(listener) {
    if (typeof listener !== 'function') return () => undefined
    const handler = (_event: IpcRendererEvent, events: unknown) => {
      if (!Array.isArray(events)) return
      try {
        listener(events as EventEnvelope[])
      } catch {
        // the page's listener failing is the page's business
      }
    }
    ipcRenderer.on(EVENTS_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, handler)
    }
  },
  workspace: {
    info: () => call('workspace.info', {}),
    updateSettings: (settings) => call('workspace.updateSettings', { settings }),
    events: (from, to) => call('workspace.events', { from, to }),
    onProgress(listener) {
      if (typeof listener !== 'function') return () => undefined
      const handler = (_event: IpcRendererEvent, progress: unknown) => {
        const p = progress as { done?: unknown; total?: unknown } | null
        if (typeof p !== 'object' || p === null || !Number.isFinite(p.done) || !Number.isFinite(p.total)) return
        try {
          listener({ done: p.done as number, total: p.total as number })
        } catch {
          // the page's listener failing is the page's business
        }
      }
      ipcRenderer.on(PROGRESS_CHANNEL, handler)
      return () => {
        ipcRenderer.removeListener(PROGRESS_CHANNEL, handler)
      }
    },
  },
  market: {
    quotes: () => call('market.quotes', {}),
    set: (prices) => call('market.set', { prices }),
  },
  flows: {
    list: () => call('flows.list', {}),
    run: (file, into) => call('flows.run', into === undefined ? { file } : { file, into }),
  },
}

contextBridge.exposeInMainWorld('stormbook', stormbook)

// Menu commands reach the page as a DOM event: window.addEventListener('stormbook:menu', e => e.detail).
ipcRenderer.on(MENU_CHANNEL, (_event: IpcRendererEvent, action: unknown) => {
  if (isMenuAction(action)) window.dispatchEvent(new CustomEvent('stormbook:menu', { detail: action }))
})
