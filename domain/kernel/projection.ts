import type { z } from 'zod'
import type { Quote } from './decider.ts'
import type { EventEnvelope } from './envelope.ts'

/**
 * A daily price known from outside the log: a vendor's bar imported into the workspace (open, high, low,
 * close of `date`) or the simulated market's close of a day (its last quote that day).
 */
export interface DailyPrice {
  /** The day, YYYY-MM-DD. */
  date: string
  /** From when the price is known: a bar from its day's start (the market replays it all day), a close from the day's last quote. */
  at: string
  close: string
  open?: string
  high?: string
  low?: string
  source: 'bar' | 'close'
}

/** What a query may read besides its projection's state. */
export interface QueryContext {
  now: string
  /** Set when the answer is as of a past position (replay): that position and its event's `at`. */
  asOf?: { position: number; at: string }
  /** A symbol's daily prices known from outside the log, oldest first; absent where the host keeps none. */
  dailyPrices?(symbol: string): readonly DailyPrice[]
  settings: Readonly<Record<string, unknown>>
  /** Every event of one stream (up to the query's `asOf`), in order, read from the log. */
  readStream(stream: string): EventEnvelope[]
  /** The quote service's current quote of a symbol. */
  quote(symbol: string): Quote | undefined
}

/** One named question a read model answers. */
export interface QueryDefinition<S> {
  params?: z.ZodType<Record<string, unknown>>
  run(state: S, params: Record<string, unknown>, context: QueryContext): unknown
}

/**
 * A read model (the green sticky): folds envelopes into plain JSON data.
 * `apply` may update the state in place and returns it; the state must survive JSON round trips
 * (checkpoints store it), so it holds plain objects, arrays, strings, numbers, booleans and null only.
 */
export interface Projection<S = unknown> {
  name: string
  /** Bump when apply's meaning changes: checkpoints of another version are ignored and refolded. */
  version?: number
  /** Save a checkpoint every this many events (default: the engine's, 10,000); small states can afford denser ones. */
  checkpointEvery?: number
  /** A fresh empty state (a new object every call). */
  init(): S
  /** Event types it folds; others are skipped without a call. */
  on: readonly string[]
  apply(state: S, event: EventEnvelope): S
  queries: Record<string, QueryDefinition<S>>
  /** How time travel keeps this state in memory without JSON (optional: JSON text otherwise). */
  snapshots?: StateSnapshots<S>
}

/**
 * Frozen copies of a big state for the in-memory time-travel ladder, handed back without a JSON round
 * trip (restoring a million-event Pipeline from JSON took 10 ms of every replayed moment). For a state
 * whose fold replaces some of its parts rather than changing them in place, so copies can share them.
 */
export interface StateSnapshots<S> {
  /**
   * A copy of the state that later applies (which change the state in place) cannot change, and about
   * how many bytes of memory it adds beside `previous`, the snapshot taken before it (parts shared with
   * it cost nothing more).
   */
  take(state: S, previous?: unknown): { snapshot: unknown; bytes: number }
  /** A state to fold on from; applies to it leave the snapshot as it was. */
  restore(snapshot: unknown): S
}
