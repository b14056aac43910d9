import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { ApiResult } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'
import { useWorkspace } from './store.ts'
import { reject } from './toasts.ts'

/** How one query goes through the query path. */
export interface QueryOptions {
  /** Ask about now even while replaying (the board's hotspots and bookmarks annotate the whole log). */
  now?: boolean
}

/** Queries asked ahead (the first screen's, at start), each waiting for its screen to ask it. */
const early = new Map<string, Promise<ApiResult<unknown>>>()
let stopHearing: (() => void) | undefined

/** Forgets the queries asked ahead: a pushed event or a replay makes their answers older than the log. */
function forgetEarly(): void {
  early.clear()
  stopHearing?.()
  stopHearing = undefined
}

/**
 * Asks the first screen's queries (no params, as of now) before its code has loaded, so the host computes
 * them while the page parses its scripts. Each answer is handed to the first `query` of the same name, once;
 * an event pushed before then (or a replay) drops them all, and the screen asks again.
 */
export function queryAhead(names: readonly string[]): void {
  for (const name of names) early.set(name, bridge().query(name, undefined, undefined) as Promise<ApiResult<unknown>>)
  if (!stopHearing && early.size > 0) {
    const offEvents = bridge().onEvents((events: EventEnvelope[]) => events.length > 0 && forgetEarly())
    const offReplay = useWorkspace.subscribe((state) => state.viewingPosition !== null && forgetEarly())
    stopHearing = () => (offEvents(), offReplay())
  }
}

/** The answer asked ahead for `name`, taken (at most once), when it still stands for the log as of now. */
function takeEarly(name: string): Promise<ApiResult<unknown>> | undefined {
  const answer = early.get(name)
  early.delete(name)
  if (early.size === 0) forgetEarly()
  return answer
}

/**
 * The one query path: every read-model query of every feature goes through here, which adds `{asOf}`
 * when a viewing position is set (replay), so the screens show the log as of that position.
 */
export function query<T = unknown>(name: string, params?: Record<string, unknown>, options: QueryOptions = {}): Promise<ApiResult<T>> {
  const asOf = options.now ? null : useWorkspace.getState().viewingPosition
  const ahead = params === undefined && asOf === null ? takeEarly(name) : undefined
  if (ahead) return ahead as Promise<ApiResult<T>>
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
