import { constants, deflateRawSync, inflateRawSync } from 'node:zlib'
import type { EventEnvelope, Projection } from '../../domain/kernel/index.ts'

/** Memory the in-memory rungs of all projections may take together (JSON text, about a byte a character). */
export const AS_OF_LADDER_BYTES = 64 * 1024 * 1024

/** The densest in-memory ladder: a rung every this many events. */
export const AS_OF_LADDER_EVERY = 500

/** Events folded between two yields to the event loop while the ladder is built. */
const CHUNK = 250

/**
 * How much smaller a state's JSON is deflated (zlib level 1), as planned: measured 2.9× on Pipeline and
 * 5.3× on SalesBook; planned low, and the build thins rungs that outgrow the budget anyway.
 */
const PACK_RATIO = 2.5

/**
 * How much smaller a projection's own snapshot (Projection.snapshots) is than its state's JSON, as planned:
 * Pipeline's takes a byte per deal plus the chunks of amounts that changed, about a tenth of its JSON;
 * planned lower, and the build thins rungs that outgrow the budget anyway.
 */
const SNAPSHOT_RATIO = 6

/** One rung: the state's JSON text, deflated, or the projection's own snapshot; and its bytes in memory. */
type Rung = { text: string; bytes: number } | { packed: Buffer; bytes: number } | { snapshot: unknown; bytes: number }

/** What the ladder needs of the read models: the log, the projections, and how dense the disk ladder is. */
export interface LadderSource {
  projections: readonly Projection[]
  lastPosition(): number
  readRange(from: number, to: number): EventEnvelope[]
  /** Events between two of the projection's checkpoints on disk: an in-memory ladder no denser is dropped. */
  diskSpacing(projection: string): number
  /** Bytes of the projection's newest checkpoint (0 when none): its state's size at the end of the log. */
  stateBytes(projection: string): number
}

/**
 * Time-travel states kept in memory, as the projection's own snapshots where it has them (Pipeline: no
 * JSON to parse on restore), else as JSON text (deflated where only that buys a ladder), every `every` events of the log or a power of two more: dense rungs the disk's
 * sparse checkpoints cannot afford, so a replay cursor dropped anywhere folds at most `every` events. Built
 * once in the background after the log opens (one pass over the log for all projections, yielding to the
 * event loop every few hundred events), within a memory budget: when the rungs outgrow it, the widest
 * projection's spacing doubles (every other rung dropped), and a projection whose spacing would be no
 * denser than its checkpoints on disk keeps none.
 */
export class AsOfLadder {
  /** Each projection's rungs: its own snapshots, else JSON text, deflated when the states are too big for dense plain rungs. */
  private readonly rungs = new Map<string, Map<number, Rung>>()
  private readonly restorers = new Map<string, (snapshot: unknown) => unknown>()
  private readonly spacing = new Map<string, number>()
  private readonly budget: number
  private readonly every: number
  private building: Promise<void> | null = null
  private stopped = false
  /** Rungs at or after this position are not kept: a rebase withdrew events there that they folded. */
  private ceiling = Number.POSITIVE_INFINITY
  /** Position up to which the rungs were built. */
  builtTo = 0

  constructor(options: { budget?: number; every?: number } = {}) {
    this.budget = options.budget ?? AS_OF_LADDER_BYTES
    this.every = options.every ?? AS_OF_LADDER_EVERY
  }

  /** The newest rung of a projection at or before `position` and after `floor` (0 when none). */
  nearest(projection: string, position: number, floor: number): number {
    const spacing = this.spacing.get(projection)
    const rungs = this.rungs.get(projection)
    if (!spacing || !rungs) return 0
    for (let at = Math.floor(position / spacing) * spacing; at > floor; at -= spacing) if (rungs.has(at)) return at
    return 0
  }

  /** A fresh copy of the state a rung holds. */
  stateAt(projection: string, position: number): unknown {
    const rung = this.rungs.get(projection)?.get(position)
    if (rung === undefined) return undefined
    if ('snapshot' in rung) return this.restorers.get(projection)!(rung.snapshot)
    return JSON.parse('text' in rung ? rung.text : inflateRawSync(rung.packed).toString('utf8'))
  }

  /** Builds the rungs once, in the background; resolves when done (or stopped). */
  build(source: LadderSource): Promise<void> {
    this.building ??= this.run(source)
    return this.building
  }

  /** Resolves once a build under way is done (at once when none was started). */
  ready(): Promise<void> {
    return this.building ?? Promise.resolve()
  }

  /**
   * Each projection worth a ladder and its spacing, when a rung takes `1 / ratio` of its state's JSON.
   * A state grows about linearly along the log, so rungs `s` apart take about size × last / (2s) in all.
   * The budget is shared in proportion to the states' sizes among the projections worth a ladder: those
   * whose rungs can be at most 4 × `every` apart and twice as dense as on disk. While some are not, the
   * biggest of those is left out and the budget shared again (a big state no longer crowds out a small one).
   */
  private plan(source: LadderSource, last: number, packRatio: number): Map<Projection, number> {
    const candidates = new Set(source.projections)
    for (;;) {
      const total = [...candidates].reduce((sum, p) => sum + source.stateBytes(p.name), 0)
      const chosen = new Map<Projection, number>()
      let worst: Projection | null = null
      for (const projection of candidates) {
        const size = source.stateBytes(projection.name)
        const share = total > 0 ? (this.budget * size) / total : this.budget
        const ratio = projection.snapshots ? SNAPSHOT_RATIO : packRatio
        let spacing = this.every
        while ((size * last) / (2 * spacing * ratio) > share) spacing *= 2
        if (spacing <= 4 * this.every && spacing * 2 <= source.diskSpacing(projection.name)) chosen.set(projection, spacing)
        else if (!worst || size > source.stateBytes(worst.name)) worst = projection
      }
      if (!worst) return chosen
      candidates.delete(worst)
    }
  }

  /** Forgets the rungs at or after a position (a rebase withdrew events there), and never keeps such rungs again. */
  forgetFrom(position: number): void {
    this.ceiling = Math.min(this.ceiling, position)
    for (const rungs of this.rungs.values()) for (const at of [...rungs.keys()]) if (at >= position) rungs.delete(at)
  }

  /** Stops a build under way (the workspace closes) and forgets the rungs. */
  stop(): void {
    this.stopped = true
    this.rungs.clear()
    this.spacing.clear()
    this.restorers.clear()
  }

  private async run(source: LadderSource): Promise<void> {
    const last = source.lastPosition()
    const live = new Map<Projection, unknown>()
    // A projection's own snapshots restore fastest; then plain JSON text; deflated rungs (a few ms more
    // to restore a big state) are kept only when they buy a ladder, or a denser one, that plain text cannot afford.
    const plain = this.plan(source, last, 1)
    const packed = this.plan(source, last, PACK_RATIO)
    const pack = [...packed].some(([projection, spacing]) => !projection.snapshots && spacing < (plain.get(projection) ?? Number.POSITIVE_INFINITY))
    const chosen = pack ? packed : plain
    const previous = new Map<Projection, unknown>()
    for (const [projection, spacing] of chosen) {
      live.set(projection, projection.init())
      this.rungs.set(projection.name, new Map())
      this.spacing.set(projection.name, spacing)
      if (projection.snapshots) this.restorers.set(projection.name, projection.snapshots.restore)
    }
    const types = new Map([...live.keys()].map((p) => [p, new Set(p.on)]))
    let bytes = 0
    for (let from = 1; from <= last && live.size > 0; from += CHUNK) {
      await new Promise((resolve) => setImmediate(resolve))
      if (this.stopped) return
      const to = Math.min(last, from + CHUNK - 1)
      for (const event of source.readRange(from, to)) {
        for (const [projection, state] of live) {
          if (types.get(projection)!.has(event.type)) live.set(projection, projection.apply(state, event))
        }
        if (event.position % this.every !== 0 || event.position >= this.ceiling) continue
        for (const projection of live.keys()) {
          if (event.position % this.spacing.get(projection.name)! !== 0) continue
          const rung = this.rungOf(projection, live.get(projection), pack, previous)
          this.rungs.get(projection.name)!.set(event.position, rung)
          bytes += rung.bytes
        }
        while (bytes > this.budget && live.size > 0) bytes -= this.thinWidest(live, source)
      }
      this.builtTo = to
    }
  }

  /** A rung of a projection's state as it is now (a copy: the state folds on in place). */
  private rungOf(projection: Projection, state: unknown, pack: boolean, previous: Map<Projection, unknown>): Rung {
    if (projection.snapshots) {
      const { snapshot, bytes } = projection.snapshots.take(state, previous.get(projection))
      previous.set(projection, snapshot)
      return { snapshot, bytes }
    }
    const text = JSON.stringify(state)
    if (!pack) return { text, bytes: text.length }
    const packed = deflateRawSync(text, { level: 1, strategy: constants.Z_DEFAULT_STRATEGY })
    return { packed, bytes: packed.length }
  }

  /** Doubles the spacing of the projection whose rungs take the most memory; the bytes freed. */
  private thinWidest(live: Map<Projection, unknown>, source: LadderSource): number {
    let widest: Projection | null = null
    let most = -1
    for (const projection of live.keys()) {
      let sum = 0
      for (const rung of this.rungs.get(projection.name)!.values()) sum += rung.bytes
      if (sum > most) {
        most = sum
        widest = projection
      }
    }
    const name = widest!.name
    const spacing = this.spacing.get(name)! * 2
    const rungs = this.rungs.get(name)!
    let freed = 0
    for (const [position, rung] of rungs) {
      if (position % spacing === 0 && spacing < source.diskSpacing(name)) continue
      rungs.delete(position)
      freed += rung.bytes
    }
    if (spacing >= source.diskSpacing(name)) {
      live.delete(widest!)
      this.rungs.delete(name)
      this.spacing.delete(name)
    } else this.spacing.set(name, spacing)
    return freed
  }
}
