import type { BoundedContext, Clock, CodedError, DailyPrice, EventEnvelope } from '../../domain/kernel/index.ts'
import type { CheckpointFolder } from '../store/checkpoints.ts'
import type { EventStore } from '../store/event-store.ts'
import type { QuoteService } from './quotes.ts'
import type { CommandInput } from './registry.ts'

/** What dispatch answers: the events (the whole cascade) and the last position, or why not. */
export type DispatchResult =
  | { ok: true; events: EventEnvelope[]; position: number; duplicate?: boolean }
  | { ok: false; error: CodedError }

/** What a query answers: the read model's value, or why not. */
export type QueryResult = { ok: true; value: unknown } | { ok: false; error: CodedError }

/** Who is behind a command: an actor, or a policy reacting to an event. */
export interface Cause {
  actor: string | null
  policy: string | null
  causationId: string
  correlationId: string
}

/** A command with its id settled (given by the caller, derived for a policy's, or a fresh uuid). */
export type IdentifiedCommand = CommandInput & { commandId: string }

/** One unit of work in the engine's queue: its answer, and whether it appended anything to flush. */
export interface Step {
  result: DispatchResult
  flush: boolean
}

/** Options of an engine over one workspace's log. */
export interface EngineOptions {
  contexts: readonly BoundedContext[]
  store: EventStore
  clock: Clock
  quotes: QuoteService
  settings?: Record<string, unknown>
  checkpoints?: CheckpointFolder
  /** Save projection checkpoints every this many events (default 10,000). */
  checkpointEvery?: number
  /** Aggregate states kept in memory (least recently used dropped first; default 100,000). */
  cacheSize?: number
  /** Time-travel states kept per projection (least recently used dropped first; default 8). */
  asOfCacheSize?: number
  /** Daily prices known from outside the log (imported bars, the market's daily closes), for the charts' queries. */
  prices?: DailyPriceSource
  /** Ids of events a team-sync rebase withdrew (sync.json's `superseded`): kept in the log, left out of every fold. */
  superseded?: Iterable<string>
}

/** Where queries read a symbol's daily prices from outside the log (main/app/price-history.ts). */
export interface DailyPriceSource {
  /** The symbol's daily prices, oldest first. */
  daily(symbol: string): readonly DailyPrice[]
}

/** A subscriber to new events (the renderer, through its host). */
export type Listener = (events: readonly EventEnvelope[]) => void

/** What ingest answers: how many events were new, how many the log already held, and where the log ends. */
export interface IngestResult {
  ingested: number
  skipped: number
  position: number
  /** The ingested events as this log holds them (local positions and stream versions). */
  events: EventEnvelope[]
}

/** What the engine needs of time and prices at the moment it asks (the clock can be swapped by a flow). */
export interface LivePorts {
  clock(): Clock
  quotes: QuoteService
  settings(): Readonly<Record<string, unknown>>
  prices?: DailyPriceSource
}
