import type { ApiResult } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'
import { useWorkspace } from './store.ts'
import { reject } from './toasts.ts'

/**
 * The one query path: every read-model query of every feature goes through here, which adds `{asOf}`
 * when a viewing position is set (replay), so the screens show the log as of that position.
 */
export function query<T = unknown>(name: string, params?: Record<string, unknown>): Promise<ApiResult<T>> {
  const asOf = useWorkspace.getState().viewingPosition
  const options = asOf === null ? undefined : { asOf }
  return bridge().query(name, params, options) as Promise<ApiResult<T>>
}

/** A query's value, or undefined when it was refused (the refusal is toasted with its code). */
export async function queryValue<T>(name: string, params?: Record<string, unknown>): Promise<T | undefined> {
  const result = await query<T>(name, params)
  if (!result.ok) {
    reject(result.error)
    return undefined
  }
  return result.value
}
