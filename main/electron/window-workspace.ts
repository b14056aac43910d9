import type { BrowserWindow } from 'electron'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { BoundedContext, Clock } from '../../domain/kernel/index.ts'
import { throttleProgress } from '../app/progress.ts'
import { openWorkspace, type OpenOptions, type Workspace } from '../app/workspace.ts'
import { createApi } from '../ipc/api.ts'
import { openWorkspaceSync } from '../ipc/sync-open.ts'
import type { SyncService } from '../sync/sync-service.ts'
import { PROGRESS_CHANNEL, QUOTES_CHANNEL } from './channels.ts'
import { pushesToWindow } from './ipc.ts'
import type { Keychain } from './keychain.ts'
import { notifyRevenueAtRisk } from './notify.ts'

/** A workspace open in a window: its API, and what stops its events reaching the window. */
export interface OpenWorkspace {
  kind: 'open'
  workspace: Workspace
  api: ReturnType<typeof createApi>
  /** Sends the events and sync status gathered so far to the window (before an answer goes out). */
  flushPushes: () => void
  stopEvents: () => void
  /** The workspace's team sync (none when it is read-only); closed before the workspace. */
  sync?: SyncService
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
  /** Where the team sync password is kept (the OS keychain); without it, PGPASSWORD. */
  keychain?: Keychain
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
  // The app's samples; the library adds the workspace's own flows/ (main/flows/library.ts). Team sync: the password from the OS keychain (PGPASSWORD when none is kept), set from Settings ▸ Team sync.
  const { keychain } = options
  const sync = openWorkspaceSync(workspace, async () => keychain?.get(dir)) // none kept: PGPASSWORD, as libpq does
  const savePassword = keychain ? (password: string) => keychain.set(dir, password) : undefined
  const api = createApi({ workspace, flowsDir: samplesDir, sync, savePassword })
  const pushes = pushesToWindow(contents)
  const stopForwarding = workspace.engine.subscribe((events) => pushes.add(events))
  const stopNotifying = notifyRevenueAtRisk(workspace.engine, () => workspace.document.data.name, options.onNotificationClick)
  const stopQuotes = api.onQuotes((quotes) => {
    if (!contents.isDestroyed()) contents.send(QUOTES_CHANNEL, quotes)
  })
  const stopSync = api.onSyncStatus((status) => pushes.syncStatus(status))
  const stopEvents = () => {
    stopForwarding()
    stopNotifying()
    stopQuotes()
    stopSync()
    pushes.stop()
  }
  return { kind: 'open', workspace, api, flushPushes: pushes.flush, stopEvents, sync }
}

/** Stops a window's workspace: no more events to the window, its sync stopped, then closed on disk (lock released). */
export async function closeForWindow(state: OpenWorkspace): Promise<void> {
  state.stopEvents()
  await state.sync?.close().catch(() => undefined) // a round cut short is simply run again next time
  try {
    await state.workspace.close()
  } catch {
    // closing writes a checkpoint (an optimisation) and releases the lock; the log is already durable
  }
}
