import type { EventEnvelope, Projection } from '../../domain/kernel/index.ts'
import type { CheckpointFolder } from '../store/checkpoints.ts'
import type { EventStore } from '../store/event-store.ts'
import type { ReadModels } from './read-models.ts'
import { CheckpointLadder } from './checkpoint-ladder.ts'
import { AGGREGATES_CHECKPOINT, AGGREGATES_FORMAT, type StreamStates } from './stream-states.ts'
import { SupersededEvents } from './superseded.ts'

/** A checkpoint due at a position, taken when it was due and written once the log holds it durably. */
interface Pending {
  position: number
  eventId: string
  states: Map<Projection, string>
  aggregates?: string
}

/** Where a loaded checkpoint stands, checked against the log once it is read. */
interface Loaded {
  position: number
  eventId: string
}

/**
 * The checkpoints/ folder as the engine uses it: loads the newest usable checkpoints of the projections
 * and the saved aggregate states when opening, checks them against the log, and writes new ones (once
 * durable): projections on the rungs of their ladder (see CheckpointLadder: dense while the folder is
 * small beside the log, thinned to stay within its budget), aggregate states every `every` events, and
 * both after a long opening scan and on close. A checkpoint is an optimisation: the log stays the truth.
 */
export class Checkpointing {
  private readonly folder?: CheckpointFolder
  private readonly store: EventStore
  private readonly readModels: ReadModels
  private readonly states: StreamStates
  private readonly every: number
  private readonly ladder?: CheckpointLadder
  private readonly superseded: SupersededEvents
  private readonly loaded = new Map<string, Loaded>()
  private loadedAggregates: Loaded | null = null
  private pending: Pending[] = []
  /**
   * Whether the opening scan folds aggregate states: only on top of saved ones. Without them (a first
   * open) each aggregate is folded from its own stream when a command first needs it (Decisions.load),
   * which costs a few reads then instead of folding every stream of the log while the user waits.
   */
  private foldAggregates = true
  /** Bytes of the events sampled during the opening scan, and how many: the log's size before it is known. */
  private sampled = { bytes: 0, events: 0 }

  /** `every`: events between saved aggregate states; `ladderEvery`: a projection's densest rungs unless it names its own. */
  constructor(options: { folder?: CheckpointFolder; store: EventStore; readModels: ReadModels; states: StreamStates; every: number; ladderEvery?: number; superseded?: SupersededEvents }) {
    this.folder = options.folder
    this.superseded = options.superseded ?? new SupersededEvents()
    this.store = options.store
    this.readModels = options.readModels
    this.states = options.states
    this.every = options.every
    const base = options.ladderEvery ?? options.every
    if (this.folder) this.ladder = new CheckpointLadder(this.folder, new Map(this.readModels.projections.map((p) => [p.name, p.checkpointEvery ?? base])))
  }

  /**
   * Loads each projection's newest checkpoint of its code version into the live states, and the saved
   * aggregate states; returns the first position the opening scan must fold.
   */
  load(): number {
    let from = Number.POSITIVE_INFINITY
    for (const projection of this.readModels.projections) {
      const position = this.folder?.nearest(projection.name, Number.POSITIVE_INFINITY) ?? 0
      const checkpoint = position > 0 ? this.folder?.load(projection.name, position) : undefined
      if (checkpoint && checkpoint.version === (projection.version ?? 1)) {
        this.readModels.setState(projection.name, checkpoint.state)
        this.loaded.set(projection.name, { position, eventId: checkpoint.eventId })
        from = Math.min(from, position + 1)
      } else {
        this.readModels.setState(projection.name, projection.init())
        this.loaded.set(projection.name, { position: 0, eventId: '' })
        from = 1
      }
    }
    this.states.clear()
    this.loadedAggregates = null
    const position = this.folder?.nearest(AGGREGATES_CHECKPOINT, Number.POSITIVE_INFINITY) ?? 0
    const saved = position > 0 ? this.folder?.load(AGGREGATES_CHECKPOINT, position) : undefined
    if (saved && this.states.load(saved) > 0) this.loadedAggregates = { position, eventId: saved.eventId }
    this.foldAggregates = this.loadedAggregates !== null
    return from === Number.POSITIVE_INFINITY ? 1 : from
  }

  /**
   * Folds one event of the opening scan into the projections whose checkpoint lies before it, and the
   * aggregate states (a superseded event into neither).
   */
  foldOnOpen = (event: EventEnvelope): void => {
    const withdrawn = this.superseded.has(event.id)
    for (const projection of this.readModels.projections) {
      const loaded = this.loaded.get(projection.name)
      if (loaded && event.position <= loaded.position) {
        if (event.position === loaded.position && event.id !== loaded.eventId) loaded.eventId = '!mismatch'
        continue
      }
      if (!withdrawn) this.readModels.applyTo(projection, event)
    }
    if (this.foldAggregates) this.states.fold(event, withdrawn)
    if ((event.position & 255) === 0) {
      this.sampled.bytes += JSON.stringify(event).length + 20
      this.sampled.events++
    }
    const due = this.due(event.position)
    if (due.length > 0) this.save(event.position, event.id, this.readModels.serialise(due))
  }

  /**
   * After the opening scan: checkpoints that do not match this log are dropped and their projections
   * refolded; saved aggregate states of another (or a longer) log are forgotten; a long tail gets a fresh
   * checkpoint.
   */
  verify(onProgress?: (done: number, total: number) => void): void {
    const last = this.store.lastPosition
    const idAt = (position: number) => this.store.readRange(position, position)[0]?.id
    for (const projection of this.readModels.projections) {
      const loaded = this.loaded.get(projection.name)
      if (!loaded || loaded.position === 0) continue
      if (loaded.position <= last && loaded.eventId !== '!mismatch' && idAt(loaded.position) === loaded.eventId) continue
      this.folder?.drop(projection.name, loaded.position)
      this.readModels.setState(projection.name, this.readModels.foldRange(projection, projection.init(), 1, last, onProgress))
    }
    this.loaded.clear()
    const saved = this.loadedAggregates
    if (saved && (saved.position > last || idAt(saved.position) !== saved.eventId)) {
      this.states.clear()
      this.folder?.drop(AGGREGATES_CHECKPOINT, saved.position)
    }
    this.loadedAggregates = null
    if (this.folder && !this.store.readOnly && last > 0) {
      const newest = this.newest(last)
      if (last - newest >= this.every / 10 || newest === 0) this.save(last, idAt(last)!, this.readModels.serialise(), this.states.serialise())
    }
  }

  /**
   * A rebase withdrew events from `position` on: every checkpoint at or after it (on disk, or taken and
   * not yet written) folded them, so none is used again. Called before the withdrawal is made durable
   * (sync.json), and the removal is fsynced first: neither a crash nor a power cut in between leaves a
   * checkpoint that disagrees with sync.json.
   */
  forgetFrom(position: number): void {
    this.pending = this.pending.filter((p) => p.position < position)
    this.folder?.dropFrom(position)
  }

  /** Events between two kept checkpoints of a projection on disk (Infinity without a folder). */
  spacingOf(projection: string): number {
    return this.ladder?.spacingOf(projection) ?? Number.POSITIVE_INFINITY
  }

  /** Notes a new event: the checkpoints due at its position are taken now, to be written once durable. */
  appended(event: EventEnvelope): void {
    if (!this.folder) return
    const due = this.due(event.position)
    const aggregatesDue = event.position % this.every === 0
    if (due.length > 0 || aggregatesDue) {
      this.pending.push({ position: event.position, eventId: event.id, states: this.readModels.serialise(due), aggregates: aggregatesDue ? this.states.serialise() : undefined })
    }
  }

  /** Writes the taken checkpoints the log now holds durably. */
  afterFlush(): void {
    if (this.pending.length === 0) return
    const durable = this.store.durablePosition
    const ready = this.pending.filter((p) => p.position <= durable)
    this.pending = this.pending.filter((p) => p.position > durable)
    try {
      for (const p of ready) this.save(p.position, p.eventId, p.states, p.aggregates)
    } catch {
      // a checkpoint is an optimisation: the log stays the truth
    }
  }

  /** On close: a checkpoint at the end of the log when projections or aggregate states are behind it. */
  beforeClose(): void {
    const last = this.store.lastPosition
    if (!this.folder || this.store.readOnly || last === 0) return
    const projectionsBehind = Math.min(...this.readModels.projections.map((p) => this.folder!.nearest(p.name, last))) < last
    const aggregatesBehind = this.states.changed || this.folder.nearest(AGGREGATES_CHECKPOINT, last) < last
    if (!projectionsBehind && !aggregatesBehind) return
    try {
      const id = this.store.readRange(last, last)[0].id
      this.save(last, id, projectionsBehind ? this.readModels.serialise() : new Map(), aggregatesBehind ? this.states.serialise() : undefined)
    } catch {
      // an optimisation only
    }
  }

  /** The projections whose ladder has a rung at this position. */
  private due(position: number): Projection[] {
    const ladder = this.ladder
    if (!ladder) return []
    return this.readModels.projections.filter((p) => ladder.due(p.name, position))
  }

  /** The oldest of the newest checkpoints (projections and aggregate states) at or before `position`. */
  private newest(position: number): number {
    const names = [...this.readModels.projections.map((p) => p.name), AGGREGATES_CHECKPOINT]
    return Math.min(...names.map((name) => this.folder!.nearest(name, position)))
  }

  /**
   * Writes projection checkpoints and, when given, the aggregate states (only the newest of which are
   * kept), then keeps the ladders within the folder's budget.
   */
  private save(position: number, eventId: string, states: Map<Projection, string>, aggregates?: string): void {
    if (!this.folder) return
    for (const [projection, json] of states) this.folder.save(projection.name, projection.version ?? 1, position, eventId, json)
    if (aggregates !== undefined) {
      this.folder.save(AGGREGATES_CHECKPOINT, AGGREGATES_FORMAT, position, eventId, aggregates)
      this.folder.keepNewest(AGGREGATES_CHECKPOINT)
    }
    this.ladder?.thin(this.logBytes(position))
  }

  /** The log's size: measured once it is open, estimated from sampled events during the opening scan. */
  private logBytes(position: number): number {
    if (this.store.byteLength > 0 || this.sampled.events === 0) return this.store.byteLength
    return (position * this.sampled.bytes) / this.sampled.events
  }
}
