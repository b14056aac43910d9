import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { clientOf } from '../ipc/client.ts'
import type { ApiResult, Method, MethodValues, OpenProgress, StormbookApi } from '../ipc/contract.ts'
import { CALL_CHANNEL, EVENTS_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, QUOTES_CHANNEL, SYNC_CHANNEL, isMenuAction } from './channels.ts'

/*
 * The preload of every Stormbook window (sandboxed, context-isolated): it exposes `window.stormbook` and
 * nothing else. Each method is one `stormbook:call` with a fixed method name; there is no generic send.
 * Four listeners only hear the main process: `onEvents` (new events), `market.onQuotes` (the market's
 * ticks), `workspace.onProgress` (opening) and `sync.onStatus` (team sync).
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

/** Hears one push channel, handing the page only what `accept` lets through; returns the unsubscribe function. */
function listen<T>(channel: string, accept: (payload: unknown) => T | undefined, listener: (value: T) => void): () => void {
  if (typeof listener !== 'function') return () => undefined
  const handler = (_event: IpcRendererEvent, payload: unknown) => {
    const value = accept(payload)
    if (value === undefined) return
    try {
      listener(value)
    } catch {
      // the page's listener failing is the page's business
    }
  }
  ipcRenderer.on(channel, handler)
  return () => {
    ipcRenderer.removeListener(channel, handler)
  }
}

function asProgress(payload: unknown): OpenProgress | undefined {
  const p = payload as { done?: unknown; total?: unknown } | null
  if (typeof p !== 'object' || p === null || !Number.isFinite(p.done) || !Number.isFinite(p.total)) return undefined
  return { done: p.done as number, total: p.total as number }
}

function asSyncStatus(payload: unknown): MethodValues['sync.status'] | undefined {
  const s = payload as { state?: unknown; pending?: unknown } | null
  return typeof s === 'object' && s !== null && typeof s.state === 'string' && Number.isFinite(s.pending) ? (s as MethodValues['sync.status']) : undefined
}

/** The `stormbook` API over Electron IPC. */
export const stormbook: StormbookApi = clientOf(call, {
  onEvents: (listener) => listen(EVENTS_CHANNEL, (events) => (Array.isArray(events) ? (events as EventEnvelope[]) : undefined), listener),
  onProgress: (listener) => listen(PROGRESS_CHANNEL, asProgress, listener),
  onQuotes: (listener) => listen(QUOTES_CHANNEL, (quotes) => (Array.isArray(quotes) ? (quotes as MethodValues['market.quotes']) : undefined), listener),
  onSyncStatus: (listener) => listen(SYNC_CHANNEL, asSyncStatus, listener),
})

contextBridge.exposeInMainWorld('stormbook', stormbook)

// Menu commands reach the page as a DOM event: window.addEventListener('stormbook:menu', e => e.detail).
ipcRenderer.on(MENU_CHANNEL, (_event: IpcRendererEvent, action: unknown) => {
  if (isMenuAction(action)) window.dispatchEvent(new CustomEvent('stormbook:menu', { detail: action }))
})
