import { codedError, describeIssue, type EventEnvelope, type Projection, type QueryContext } from '../../domain/kernel/index.ts'
import type { CheckpointFolder } from '../store/checkpoints.ts'
import type { EventStore } from '../store/event-store.ts'
import { AsOfCache } from './as-of-cache.ts'
import { AsOfLadder } from './as-of-ladder.ts'
import { Inspection, isInspectionQuery } from './inspection.ts'
import type { LivePorts } from './engine-types.ts'
import type { Registry } from './registry.ts'
import { SupersededEvents } from './superseded.ts'

/** What the read models read of the log. */
export type ReadPort = Pick<EventStore, 'lastPosition' | 'readRange' | 'readStream'>

/** What read models are given: the registry, the log to read, time and prices, and the checkpoint folder. */
export interface ReadModelOptions {
  registry: Registry
  store: ReadPort
  ports: LivePorts
  checkpoints?: CheckpointFolder
  /** Time-travel states kept per projection. */
  asOfCacheSize: number
  /** Events a team-sync rebase withdrew: kept in the log, left out of every fold. */
  superseded?: SupersededEvents
}

/**
 * The read models of a workspace: every projection's live state, folded as events are appended, and the
 * answers to their queries now or as of any position (time travel: the nearest checkpoint or cached
 * state plus a fold).
 */
export class ReadModels {
  readonly registry: Registry
  private readonly store: ReadPort
  private readonly ports: LivePorts
  private readonly checkpoints?: CheckpointFolder
  private readonly live = new Map<string, unknown>()
  private readonly types = new Map<string, Set<string>>()
  private readonly asOf = new Map<string, AsOfCache>()
  private readonly inspection: Inspection
  private readonly superseded: SupersededEvents
  /** Dense time-travel states in memory, built in the background once the log is open (see `warm`). */
  readonly ladder = new AsOfLadder()
  private diskSpacing?: (projection: string) => number
  private warmTimer?: ReturnType<typeof setTimeout>

  constructor(options: ReadModelOptions) {
    this.registry = options.registry
    this.store = options.store
    this.ports = options.ports
    this.checkpoints = options.checkpoints
    this.superseded = options.superseded ?? new SupersededEvents()
    this.inspection = new Inspection(this.registry, this.store, this.superseded)
    for (const projection of this.registry.projections) {
      this.live.set(projection.name, projection.init())
      this.types.set(projection.name, new Set(projection.on))
      this.asOf.set(projection.name, new AsOfCache(options.asOfCacheSize))
    }
  }

  get projections(): readonly Projection[] {
    return this.registry.projections
  }

  /** A projection's live state (as of the end of the log). */
  stateOf(projection: string): unknown {
    return this.live.get(projection)
  }

  /** Replaces a projection's live state (a checkpoint loaded, a refold while opening). */
  setState(projection: string, state: unknown): void {
    this.live.set(projection, state)
  }

  /** Folds one event into one projection's live state. */
  applyTo(projection: Projection, event: EventEnvelope): void {
    if (!this.types.get(projection.name)!.has(event.type)) return
    this.live.set(projection.name, projection.apply(this.live.get(projection.name), event))
  }

  /** Folds a new event into every projection. */
  project(event: EventEnvelope): void {
    for (const projection of this.registry.projections) this.applyTo(projection, event)
  }

  /** Live states as JSON text, taken now (later changes to the states do not reach them). */
  serialise(projections: readonly Projection[] = this.registry.projections): Map<Projection, string> {
    const out = new Map<Projection, string>()
    for (const projection of projections) out.set(projection, JSON.stringify(this.live.get(projection.name)))
    return out
  }

  /** Forgets cached time-travel states (settings or quotes changed: answers may differ). */
  invalidate(): void {
    for (const cache of this.asOf.values()) cache.clear()
  }

  /**
   * Builds the in-memory time-travel ladder in the background once time travel is first asked for (a
   * query as of a past position, `warmNow`), or `delayMs` after opening, whichever comes first: the build
   * takes seconds of a core on a big log, and the first screen right after opening should not share the
   * machine with it. `diskSpacing` tells how far apart the projection's checkpoints on disk are, so only
   * denser rungs are kept in memory.
   */
  warmWhenAsked(diskSpacing: (projection: string) => number, delayMs: number): void {
    this.diskSpacing = diskSpacing
    this.warmTimer = setTimeout(() => this.warmNow(), delayMs)
    this.warmTimer.unref?.()
  }

  /** Starts building the ladder now if `warmWhenAsked` armed it and it has not started; resolves when built. */
  warmNow(): Promise<void> {
    if (this.warmTimer) clearTimeout(this.warmTimer)
    this.warmTimer = undefined
    const diskSpacing = this.diskSpacing
    this.diskSpacing = undefined
    return diskSpacing ? this.warm(diskSpacing) : this.ladder.ready()
  }

  /** Stops building the ladder (the workspace closes). */
  stopWarming(): void {
    if (this.warmTimer) clearTimeout(this.warmTimer)
    this.warmTimer = undefined
    this.diskSpacing = undefined
    this.ladder.stop()
  }

  /** Builds the in-memory time-travel ladder in the background (see `warmWhenAsked`). */
  warm(diskSpacing: (projection: string) => number): Promise<void> {
    const checkpoints = this.checkpoints
    return this.ladder.build({
      projections: this.registry.projections,
      lastPosition: () => this.store.lastPosition,
      readRange: (from, to) => this.superseded.without(this.store.readRange(from, to)),
      diskSpacing,
      stateBytes: (name) => {
        const newest = checkpoints?.nearest(name, Number.POSITIVE_INFINITY) ?? 0
        return newest > 0 ? checkpoints!.bytesOf(name, newest) : 0
      },
    })
  }

  /**
   * A rebase withdrew events from `position` on (the checkpoints at or after it are gone already): the
   * time-travel states past it are forgotten and every live state is folded again without them, from
   * the newest checkpoint or rung before it.
   */
  refoldFrom(position: number): void {
    this.invalidate()
    this.ladder.forgetFrom(position)
    const last = this.store.lastPosition
    for (const projection of this.registry.projections) this.live.set(projection.name, this.stateAsOf(projection, last))
    // stateAsOf cached each state it built; the live states are folded in place from now on
    this.invalidate()
  }

  /** A fold of the log's events from..to (inclusive) into `initial`, in batches, reporting progress (superseded events left out). */
  foldRange(projection: Projection, initial: unknown, from: number, to: number, onProgress?: (done: number, total: number) => void): unknown {
    let state = initial
    const types = this.types.get(projection.name)!
    // Small batches: a time-travel fold holds a few hundred parsed events at a time, not a thousand,
    // so the young-generation collections that land mid-query have little to copy.
    const batch = 250
    for (let p = from; p <= to; p += batch) {
      for (const event of this.superseded.without(this.store.readRange(p, Math.min(to, p + batch - 1)))) {
        if (types.has(event.type)) state = projection.apply(state, event)
      }
      onProgress?.(Math.min(to, p + batch - 1) - from + 1, to - from + 1)
    }
    return state
  }

  /**
   * Answers a read model's query, now or as of a position. Throws coded errors: UNKNOWN_QUERY,
   * INVALID_QUERY naming the field. The built-in inspection queries (AggregateState, LogDiff) too.
   */
  run(name: string, rawParams: unknown, asOf?: number): unknown {
    if (isInspectionQuery(name)) {
      if (asOf !== undefined && (!Number.isInteger(asOf) || asOf < 0)) throw codedError('INVALID_QUERY', `asOf must be a position (an integer ≥ 0), not ${asOf}`, { field: 'asOf' })
      return this.inspection.run(name, rawParams, asOf === undefined ? this.store.lastPosition : Math.min(asOf, this.store.lastPosition))
    }
    const { projection, query } = this.registry.query(name)
    let params: Record<string, unknown>
    if (rawParams !== undefined && (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams))) {
      throw codedError('INVALID_QUERY', `${name}: params must be an object`, { field: 'params' })
    }
    if (query.params) {
      const parsed = query.params.safeParse(rawParams ?? {})
      if (!parsed.success) {
        const { field, problem } = describeIssue(parsed.error)
        throw codedError('INVALID_QUERY', `${name}: ${field || 'params'}: ${problem}`, { field: field || 'params' })
      }
      params = parsed.data
    } else params = (rawParams as Record<string, unknown>) ?? {}
    if (asOf !== undefined && (!Number.isInteger(asOf) || asOf < 0)) throw codedError('INVALID_QUERY', `asOf must be a position (an integer ≥ 0), not ${asOf}`, { field: 'asOf' })
    const last = this.store.lastPosition
    const upTo = asOf === undefined || asOf >= last ? last : asOf
    const state = upTo === last ? this.live.get(projection.name) : this.stateAsOf(projection, upTo)
    const { store, ports: { prices } } = this
    const context: QueryContext = {
      now: this.ports.clock().now(),
      // The replayed moment's time is read from the log only by a query that asks for it.
      ...(upTo === last ? {} : { asOf: { position: upTo, get at() { return store.readRange(upTo, upTo)[0]?.at ?? '' } } }),
      ...(prices ? { dailyPrices: (symbol: string) => prices.daily(symbol) } : {}),
      settings: this.ports.settings(),
      quote: (symbol) => this.ports.quotes.get(symbol),
      readStream: (stream) => this.superseded.without(this.store.readStream(stream, upTo)),
    }
    return query.run(state, params, context)
  }

  /**
   * A projection's state as of a past position: a cached state at that position, or the nearest cached
   * state, in-memory rung or checkpoint before it plus a fold. Kept in the projection's cache (query functions build
   * their results anew, so the state is not shared with callers).
   */
  stateAsOf(projection: Projection, position: number): unknown {
    if (this.diskSpacing) void this.warmNow()
    const cache = this.asOf.get(projection.name)!
    if (cache.has(position)) return cache.get(position)
    const checkpoint = this.checkpoints?.nearest(projection.name, position) ?? 0
    const rung = this.ladder.nearest(projection.name, position, checkpoint)
    const cached = cache.nearest(position, Math.max(checkpoint, rung))
    let state: unknown
    let from: number
    if (cached > 0) {
      // apply may change a state in place: the cached one stays as of its own position
      state = structuredClone(cache.get(cached))
      from = cached + 1
    } else if (rung > 0) {
      state = this.ladder.stateAt(projection.name, rung)
      from = rung + 1
    } else {
      const loaded = checkpoint > 0 ? this.checkpoints?.load(projection.name, checkpoint) : undefined
      const belongs = loaded !== undefined && loaded.version === (projection.version ?? 1) && this.store.readRange(checkpoint, checkpoint)[0]?.id === loaded.eventId
      if (loaded && !belongs) this.checkpoints?.drop(projection.name, checkpoint)
      if (loaded && belongs) {
        state = loaded.state
        from = checkpoint + 1
      } else {
        state = projection.init()
        from = 1
      }
    }
    state = this.foldRange(projection, state, from, position)
    cache.set(position, state)
    return state
  }
}
