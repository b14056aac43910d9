import { create } from 'zustand'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { ApiResult, MethodValues, Params, SyncConflictView, SyncReport, SyncStatus } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'

/**
 * Team sync as the renderer sees it: the status the host pushes (the top bar, Settings ▸ Team sync), the
 * refused commands (the Conflicts panel), and the calls that change them. The lower layer's door to the
 * host's sync.* methods: the settings form, the shell's status and the Conflicts panel all go through here.
 */

interface SyncViewState {
  /** The host's sync status; null until it answers, or when the workspace has no team sync. */
  status: SyncStatus | null
  /** Why there is no status (SYNC_UNAVAILABLE: read-only or in memory). */
  unavailable: CodedError | null
  /** The refused commands, as last fetched (the Conflicts panel's list). */
  conflicts: SyncConflictView[]
  /** Ids of the conflicts discarded in this session, shown as archived. */
  archived: Record<string, SyncConflictView>
  conflictsOpen: boolean
}

/** The team sync state of the page. */
export const useSync = create<SyncViewState>()(() => ({ status: null, unavailable: null, conflicts: [], archived: {}, conflictsOpen: false }))

function setStatus(status: SyncStatus): void {
  const previous = useSync.getState().status
  useSync.setState({ status, unavailable: null })
  // The panel's list follows the count the host reports.
  if (previous?.conflicts !== status.conflicts) void refreshConflicts()
}

/** Reads the status once and hears every change the host pushes; returns the stop. */
export function watchSync(): () => void {
  void bridge().sync.status().then((result) => {
    if (result.ok) setStatus(result.value)
    else useSync.setState({ unavailable: result.error })
  })
  return bridge().sync.onStatus?.(setStatus) ?? (() => undefined)
}

/** Fetches the refused commands (the Conflicts panel). */
export async function refreshConflicts(): Promise<void> {
  const result = await bridge().sync.conflicts()
  if (result.ok) useSync.setState({ conflicts: result.value })
}

/** Opens or closes the Conflicts panel (opening fetches its list). */
export function showConflicts(open: boolean): void {
  useSync.setState({ conflictsOpen: open })
  if (open) void refreshConflicts()
}

/** Whichever answer a call gives, a status in it updates the page at once (before the push arrives). */
function keepStatus<T>(result: ApiResult<T>): ApiResult<T> {
  if (result.ok && typeof result.value === 'object' && result.value !== null && 'state' in result.value) setStatus(result.value as unknown as SyncStatus)
  return result
}

/** Saves the server URL, team and interval. */
export async function configureSync(settings: Params<'sync.configure'>): Promise<ApiResult<SyncStatus>> {
  return keepStatus(await bridge().sync.configure(settings))
}

/** Connects with the URL given: the server's and the schema's versions, or why not. */
export function testConnection(settings: Params<'sync.test'>): Promise<ApiResult<MethodValues['sync.test']>> {
  return bridge().sync.test(settings)
}

/** One push-and-pull round now. */
export async function syncNow(): Promise<ApiResult<SyncReport>> {
  const result = await bridge().sync.now()
  void refreshConflicts()
  return result
}

/** Keeps the password in the OS keychain (desktop); browser mode answers SYNC_PASSWORD_FROM_ENV. */
export function savePassword(password: string): Promise<ApiResult<MethodValues['sync.setPassword']>> {
  return bridge().sync.setPassword(password)
}

/** Discards a refused command: it moves to the archive (kept, never deleted) and shows as archived. */
export async function discardConflict(conflict: SyncConflictView): Promise<ApiResult<SyncStatus>> {
  const result = keepStatus(await bridge().sync.discard(conflict.id))
  if (result.ok) useSync.setState((s) => ({ archived: { ...s.archived, [conflict.id]: conflict } }))
  await refreshConflicts()
  return result
}

/** Re-decides a refused command with edited data, on the merged state. */
export async function retryConflict(id: string, data: Record<string, unknown>): Promise<ApiResult<SyncReport>> {
  const result = await bridge().sync.retry(id, data)
  await refreshConflicts()
  return result
}
