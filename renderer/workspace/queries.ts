import type { ApiResult } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'
import { useWorkspace } from './store.ts'
import { reject } from './toasts.ts'

/** How one query goes through the query path. */
export interface QueryOptions {
  /** Ask about now even while replaying (the board's hotspots and bookmarks annotate the whole log). */
  now?: boolean
}

/**
 * The one query path: every read-model query of every feature goes through here, which adds `{asOf}`
 * when a viewing position is set (replay), so the screens show the log as of that position.
 */
export function query<T = unknown>(name: string, params?: Record<string, unknown>, options: QueryOptions = {}): Promise<ApiResult<T>> {
  const asOf = options.now ? null : useWorkspace.getState().viewingPosition
  return bridge().query(name, params, asOf === null ? undefined : { asOf }) as Promise<ApiResult<T>>
}

/** A query's value, or undefined when it was refused (the refusal is toasted with its code). */
export async function queryValue<T>(name: string, params?: Record<string, unknown>, options: QueryOptions = {}): Promise<T | undefined> {
  const result = await query<T>(name, params, options)
  if (!result.ok) {
    reject(result.error)
    return undefined
  }
  return result.value
}
