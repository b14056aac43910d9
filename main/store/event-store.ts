import type { EventEnvelope } from '../../domain/kernel/index.ts'

/** Why a log could only be opened in part (read-only up to the bad line), or what was moved aside. */
export interface OpenReport {
  /** A torn last line moved aside to this file (or, read-only, left in place). */
  tornFile?: string
  tornBytes?: number
  /** The first bad line inside the log (1-based) and what is wrong with it; set only for read-only opens. */
  corrupt?: { line: number; reason: string }
}

/**
 * The event log as the engine sees it: append in position order, flush durably, read back by stream
 * or by position range. Implemented over a file (events.jsonl) and in memory (flows, tests).
 */
export interface EventStore {
  readonly readOnly: boolean
  readonly lastPosition: number
  /** The last position known to be on disk (flushed). */
  readonly durablePosition: number
  /** Position of the first event of the newest cascade (for resuming a cascade cut short). */
  readonly lastCorrelationStart: number
  streamVersion(stream: string): number
  /** Queues envelopes (positions lastPosition+1…, versions gap-free) for the next flush. */
  append(envelopes: readonly EventEnvelope[]): void
  /** Resolves when everything appended so far is on disk (group commit). */
  flush(): Promise<void>
  /** A stream's events with position ≤ upTo, oldest first. */
  readStream(stream: string, upTo?: number): EventEnvelope[]
  /** A stream's events after `version` (versions are gap-free), oldest first. */
  readStreamAfter(stream: string, version: number): EventEnvelope[]
  /** Events with from ≤ position ≤ to. */
  readRange(from: number, to: number): EventEnvelope[]
  /** The first position of a root command's events, if that command was recorded. */
  commandPosition(commandId: string): number | undefined
  /** Byte size of the log (0 in memory). */
  readonly byteLength: number
  close(): Promise<void>
}
