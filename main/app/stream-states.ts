import type { AggregateDefinition, EventEnvelope } from '../../domain/kernel/index.ts'
import type { Checkpoint } from '../store/checkpoints.ts'

/** The checkpoint folder's name for saved aggregate states (not a projection name: those are words). */
export const AGGREGATES_CHECKPOINT = '@aggregates'

/** The layout of a saved set of aggregate states; bump when it changes. */
export const AGGREGATES_FORMAT = 1

/** One aggregate's state as of a version of its stream. */
export interface StreamEntry {
  aggregate: string
  version: number
  state: unknown
}

/** How the states are saved: each aggregate's code version, then every stream's entry. */
interface SavedStates {
  aggregates: Record<string, number>
  streams: Record<string, StreamEntry>
}

/**
 * Aggregate states, kept current as events are appended and saved beside the projection checkpoints,
 * so that the first command on an aggregate after opening does not have to fold its whole stream from
 * disk. Every entry carries its stream version, and an entry is only ever a prefix of its stream: one
 * that falls behind the log is topped up with the events after its version (see Engine.load); one that
 * is ahead of it (a log cut short) is not used.
 */
export class StreamStates {
  private readonly entries = new Map<string, StreamEntry>()
  private readonly aggregates: ReadonlyMap<string, AggregateDefinition>
  private readonly limit: number
  /** Whether any entry changed since the states were last serialised. */
  changed = false

  /** `limit`: how many states are kept in memory (least recently used dropped first). */
  constructor(aggregates: ReadonlyMap<string, AggregateDefinition>, limit: number) {
    this.aggregates = aggregates
    this.limit = limit
  }

  get size(): number {
    return this.entries.size
  }

  /** The stream's entry, marked as recently used. */
  get(stream: string): StreamEntry | undefined {
    const entry = this.entries.get(stream)
    if (entry) {
      this.entries.delete(stream)
      this.entries.set(stream, entry)
    }
    return entry
  }

  set(stream: string, entry: StreamEntry): void {
    this.changed = true
    this.entries.delete(stream)
    this.entries.set(stream, entry)
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string)
  }

  clear(): void {
    this.changed = true
    this.entries.clear()
  }

  /**
   * Folds one event read by the opening scan: it continues its stream's entry, or starts one at
   * version 1. Events the entry already holds are skipped; an entry that cannot be continued (the scan
   * began after it) is left as it is, to be topped up when used. `withdrawn`: a superseded event.
   */
  fold(event: EventEnvelope, withdrawn = false): void {
    const definition = this.aggregates.get(event.meta.aggregate)
    if (!definition || !event.stream.startsWith(`${definition.name}-`)) return
    const entry = this.entries.get(event.stream)
    if (entry ? entry.version !== event.version - 1 : event.version !== 1) return
    this.changed = true
    // A withdrawn (superseded) event keeps its version in the stream but changes nothing.
    if (entry) {
      // In place: the scan touches every event, and the order of use does not matter while opening.
      if (!withdrawn) entry.state = definition.decider.evolve(entry.state, event)
      entry.version = event.version
    } else {
      const initial = definition.decider.initialState
      this.set(event.stream, { aggregate: definition.name, version: 1, state: withdrawn ? initial : definition.decider.evolve(initial, event) })
    }
  }

  /**
   * Folds an event taken in from elsewhere (team sync, an import) into its stream's entry if one is kept.
   * A stream without one gets none: a pulled page of thousands of streams would build states few commands
   * will need, and `Decisions.load` folds one from the log when a command does.
   */
  follow(event: EventEnvelope): void {
    if (this.entries.has(event.stream)) this.fold(event)
  }

  /** Forgets a stream's state (a rebase withdrew some of its events): it is folded again when next used. */
  forget(stream: string): void {
    if (this.entries.delete(stream)) this.changed = true
  }

  /** Every entry as one JSON text (taken now, so later changes to the states do not reach it). */
  serialise(): string {
    this.changed = false
    const versions: Record<string, number> = {}
    for (const [name, definition] of this.aggregates) versions[name] = definition.version ?? 1
    const parts: string[] = []
    for (const [stream, entry] of this.entries) parts.push(`${JSON.stringify(stream)}:${JSON.stringify(entry)}`)
    return `{"aggregates":${JSON.stringify(versions)},"streams":{${parts.join(',')}}}`
  }

  /**
   * Loads saved states. Entries of an aggregate whose code version changed since (or that is no longer
   * registered) are left out: those streams are folded from the log when first used. Returns how many
   * entries were taken.
   */
  load(checkpoint: Checkpoint): number {
    if (checkpoint.version !== AGGREGATES_FORMAT) return 0
    const saved = checkpoint.state as SavedStates
    if (typeof saved !== 'object' || saved === null || typeof saved.streams !== 'object' || saved.streams === null) return 0
    let taken = 0
    for (const [stream, entry] of Object.entries(saved.streams)) {
      const definition = this.aggregates.get(entry?.aggregate)
      if (!definition || saved.aggregates?.[entry.aggregate] !== (definition.version ?? 1)) continue
      if (!Number.isInteger(entry.version) || entry.version < 1 || !stream.startsWith(`${definition.name}-`)) continue
      this.set(stream, { aggregate: entry.aggregate, version: entry.version, state: entry.state })
      taken++
    }
    this.changed = false
    return taken
  }
}
