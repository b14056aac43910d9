import { codedError } from '../../domain/kernel/coded-error.ts'
import type { ApiResult, MethodValues, Params } from './contract.ts'
import type { SyncService } from '../sync/sync-service.ts'

/** What a host gives the sync.* methods: the workspace's sync service and where the password is kept. */
export interface SyncContext {
  /** Absent when the workspace has no team sync (read-only, in memory). */
  sync?: SyncService
  /**
   * Keeps the server's password (Electron: the OS keychain through safeStorage; '' forgets it). Absent in
   * browser mode, where the password comes from PGPASSWORD in the host's environment.
   */
  savePassword?: (password: string) => Promise<void> | void
}

type SyncMethod = Extract<keyof MethodValues, `sync.${string}`>

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value })

/** The `sync.*` methods over a workspace's sync service (params already validated by the API). */
export function syncMethods(context: SyncContext): { [M in SyncMethod]: (params: Params<M>) => Promise<ApiResult<MethodValues[M]>> } {
  const service = (): SyncService => {
    if (context.sync) return context.sync
    throw codedError('SYNC_UNAVAILABLE', 'Team sync is not available for this workspace (it is open read-only or kept in memory).', { field: 'workspace' })
  }
  return {
    'sync.status': async () => ok(service().status()),
    'sync.configure': async (params) => ok(await service().configure(params)),
    'sync.test': async (params) => ok(await service().testConnection(params.url === undefined ? undefined : { url: params.url, ...(params.team ? { team: params.team } : {}) })),
    'sync.now': async () => ok(await service().syncNow()),
    'sync.conflicts': async () => ok(service().conflicts()),
    'sync.discard': async (params) => ok(await service().discard(params.id)),
    'sync.retry': async (params) => ok(await service().retry(params.id, params.data)),
    'sync.setPassword': async (params) => {
      if (!context.savePassword) {
        throw codedError('SYNC_PASSWORD_FROM_ENV', 'In browser mode the server password comes from the PGPASSWORD environment variable of `npm run serve`; it is never typed into the page.', { field: 'password', variable: 'PGPASSWORD' })
      }
      await context.savePassword(params.password)
      return ok({ stored: params.password !== '' })
    },
  }
}
