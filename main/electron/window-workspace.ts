import type { BrowserWindow } from 'electron'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { BoundedContext, Clock } from '../../domain/kernel/index.ts'
import { throttleProgress } from '../app/progress.ts'
import { openWorkspace, type OpenOptions, type Workspace } from '../app/workspace.ts'
import { createApi } from '../ipc/api.ts'
import { PROGRESS_CHANNEL, QUOTES_CHANNEL } from './channels.ts'
import { forwardEvents } from './ipc.ts'
import { notifyRevenueAtRisk } from './notify.ts'

/** A workspace open in a window: its API, and what stops its events reaching the window. */
export interface OpenWorkspace {
  kind: 'open'
  workspace: Workspace
  api: ReturnType<typeof createApi>
  stopEvents: () => void
}

/** Where a window's workspace is: opening, open, failed to open (and why), or closed. */
export type WindowState = { kind: 'opening' } | { kind: 'closed' } | OpenWorkspace | { kind: 'failed'; error: CodedError }

/** How to open a window's workspace. */
export interface WindowOpenOptions {
  contexts: readonly BoundedContext[]
  clock: Clock
  samplesDir: string
  readOnly: boolean
  /** Take over another process's lock (asked for explicitly, once). */
  takeOver?: boolean
  /** A revenue-at-risk notification was clicked: bring the window forward. */
  onNotificationClick(): void
}

/**
 * Opens a workspace for its window: progress to the window's loading screen, then the market ticking, the
 * API, new events pushed to the window and revenue-at-risk notifications. Throws what opening threw.
 */
export async function openForWindow(dir: string, window: BrowserWindow, options: WindowOpenOptions): Promise<OpenWorkspace> {
  const { contexts, clock, samplesDir, readOnly } = options
  // The window's loading screen shows how much of the log has been read (a few times a second).
  const contents = window.webContents
  const onProgress = throttleProgress((done, total) => {
    if (!contents.isDestroyed()) contents.send(PROGRESS_CHANNEL, { done, total })
  })
  // takeOver: the store's explicit lock takeover (an optional OpenOptions field, passed through as is).
  const open: OpenOptions = { contexts, clock, readOnly, onProgress, ...(options.takeOver ? { takeOver: true } : {}) }
  const workspace = await openWorkspace(dir, open)
  if (window.isDestroyed()) {
    await workspace.close()
    throw Object.assign(new Error('the window closed while its workspace opened'), { windowClosed: true })
  }
  workspace.startMarket(Number(workspace.engine.settings.marketTickSeconds ?? 0))
  // The app's samples; the library adds the workspace's own flows/ (main/flows/library.ts).
  const api = createApi({ workspace, flowsDir: samplesDir })
  const stopForwarding = forwardEvents(workspace.engine, contents)
  const stopNotifying = notifyRevenueAtRisk(workspace.engine, () => workspace.document.data.name, options.onNotificationClick)
  const stopQuotes = api.onQuotes((quotes) => {
    if (!contents.isDestroyed()) contents.send(QUOTES_CHANNEL, quotes)
  })
  const stopEvents = () => {
    stopForwarding()
    stopNotifying()
    stopQuotes()
  }
  return { kind: 'open', workspace, api, stopEvents }
}

/** Stops a window's workspace: no more events to the window, then closed on disk (lock released). */
export async function closeForWindow(state: OpenWorkspace): Promise<void> {
  state.stopEvents()
  try {
    await state.workspace.close()
  } catch {
    // closing writes a checkpoint (an optimisation) and releases the lock; the log is already durable
  }
}
