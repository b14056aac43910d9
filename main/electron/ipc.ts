import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { ApiResult } from '../ipc/contract.ts'
import { gatherPushes, type EventPushes } from '../host/event-pushes.ts'
import { CALL_CHANNEL, EVENTS_CHANNEL, SYNC_CHANNEL } from './channels.ts'
import { isRendererUrl, type AppPaths } from './window.ts'

/** What answers one window's calls: its workspace's API, or the reason its workspace could not open. */
export interface CallTarget {
  call(method: string, params: unknown): Promise<ApiResult<unknown>>
}

/** Finds the call target of a window the shell created; undefined for any other web contents. */
export type TargetFor = (contents: WebContents) => CallTarget | undefined

function forbidden(reason: string, url: string | undefined): ApiResult<never> {
  return {
    ok: false,
    error: {
      code: 'FORBIDDEN_SENDER',
      message: `This request did not come from a Stormbook window and was refused (${reason}).`,
      details: { reason, ...(url !== undefined ? { url: url.slice(0, 300) } : {}) },
    },
  }
}

/**
 * Who may call: the top frame of a window the shell created, showing the app's own renderer page. Returns
 * that window's call target, or the FORBIDDEN_SENDER answer.
 */
export function checkSender(event: IpcMainInvokeEvent, paths: AppPaths, targetFor: TargetFor): CallTarget | ApiResult<never> {
  const frame = event.senderFrame
  if (!frame) return forbidden('the sending frame is gone', undefined)
  if (frame.parent !== null) return forbidden('a sub-frame may not call', frame.url)
  if (!isRendererUrl(frame.url, paths)) return forbidden('not the Stormbook page', frame.url)
  const target = targetFor(event.sender)
  if (!target) return forbidden('not a Stormbook window', frame.url)
  return target
}

/** Answers one `stormbook:call`: the sender checked, then the API (which validates the params); never throws. */
export async function answerCall(event: IpcMainInvokeEvent, method: unknown, params: unknown, paths: AppPaths, targetFor: TargetFor): Promise<ApiResult<unknown>> {
  try {
    const target = checkSender(event, paths, targetFor)
    if ('ok' in target) return target
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'method: expected the name of a method', details: { field: 'method' } } }
    }
    return await target.call(method, params)
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Stormbook; nothing was written.', details: {} } }
  }
}

/** Registers the one IPC handler of the app; returns the function that removes it. */
export function registerIpc(paths: AppPaths, targetFor: TargetFor): () => void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, params: unknown) => answerCall(event, method, params, paths, targetFor))
  return () => ipcMain.removeHandler(CALL_CHANNEL)
}

/**
 * A window's pushes, gathered as the browser host gathers them (host/event-pushes.ts): the events of every
 * commit heard in one turn go to the window as one message, then the latest sync status. `flush` before
 * each answer, so an answer never overtakes its events.
 */
export function pushesToWindow(contents: WebContents): EventPushes {
  return gatherPushes((message) => {
    if (contents.isDestroyed()) return
    if (message.type === 'events') contents.send(EVENTS_CHANNEL, message.events)
    else if (message.type === 'sync') contents.send(SYNC_CHANNEL, message.status)
  })
}
