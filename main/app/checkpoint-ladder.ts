import type { CheckpointFolder } from '../store/checkpoints.ts'

/** The share of the log's size the whole checkpoints/ folder may take (the bench's target is 0.25). */
export const CHECKPOINT_BUDGET = 0.22

/** A folder this small is never thinned, whatever the log's size (a few states of a young workspace). */
export const CHECKPOINT_FLOOR_BYTES = 1 << 20

/** The power of two times `base` that divides every position (base itself when there are none). */
function commonSpacing(positions: readonly number[], base: number): number {
  let spacing = 0
  for (const position of positions) {
    let s = base
    while ((position / s) % 2 === 0 && s < 2 ** 40) s *= 2
    spacing = spacing === 0 ? s : Math.min(spacing, s)
  }
  return spacing === 0 ? base : spacing
}

/**
 * How densely each projection's checkpoints are kept on disk, so that time travel has a rung near any
 * position and the folder stays within a byte budget of the log it stands for. Each projection keeps its
 * newest checkpoint plus a ladder of rungs `spacing` events apart (a power-of-two multiple of its base
 * interval); when the folder outgrows its budget, a ladder is thinned (its spacing doubled, every other
 * rung dropped): the one whose rungs are biggest for their spacing, since loading a big rung costs about
 * what folding many events does (so a small state keeps dense rungs, a big one sparse). Rungs the ladder
 * would drop are never written.
 */
export class CheckpointLadder {
  private readonly folder: CheckpointFolder
  private readonly bases: ReadonlyMap<string, number>
  private readonly spacings = new Map<string, number>()
  private readonly floor: number

  /** `bases`: each projection's densest spacing; `floor`: bytes the folder may always take. */
  constructor(folder: CheckpointFolder, bases: ReadonlyMap<string, number>, floor = CHECKPOINT_FLOOR_BYTES) {
    this.folder = folder
    this.bases = bases
    this.floor = floor
    for (const [name, base] of bases) {
      const rungs = this.rungsOf(name, base)
      this.spacings.set(name, commonSpacing(rungs, base))
    }
  }

  /** Events between two kept rungs of a projection's ladder. */
  spacingOf(name: string): number {
    return this.spacings.get(name) ?? this.bases.get(name) ?? 1
  }

  /** Whether a rung of the projection's ladder falls at this position. */
  due(name: string, position: number): boolean {
    return position % this.spacingOf(name) === 0
  }

  /**
   * Drops what the ladders no longer keep and, while the folder is over budget, thins the ladder taking
   * the most bytes. `logBytes`: the size of the log the checkpoints stand for.
   */
  thin(logBytes: number): void {
    const budget = Math.max(this.floor, CHECKPOINT_BUDGET * logBytes)
    for (const name of this.bases.keys()) this.prune(name)
    let total = this.folder.totalBytes()
    while (total > budget) {
      let widest: { name: string; bytes: number; score: number } | null = null
      for (const name of this.bases.keys()) {
        const rungs = this.rungsOf(name, this.spacingOf(name))
        if (rungs.length === 0) continue
        const bytes = rungs.reduce((sum, p) => sum + this.folder.bytesOf(name, p), 0)
        const score = bytes / rungs.length / this.spacingOf(name)
        if (!widest || score > widest.score) widest = { name, bytes, score }
      }
      if (!widest) return
      this.spacings.set(widest.name, this.spacingOf(widest.name) * 2)
      const before = widest.bytes
      const after = this.prune(widest.name)
      total -= before - after
    }
  }

  /** Rungs of a ladder: the projection's checkpoints on multiples of `spacing`, but its newest. */
  private rungsOf(name: string, spacing: number): number[] {
    const positions = this.folder.positionsOf(name)
    return positions.slice(0, -1).filter((p) => p % spacing === 0)
  }

  /** Removes a projection's checkpoints that are neither rungs nor its newest; the rungs' bytes after. */
  private prune(name: string): number {
    const spacing = this.spacingOf(name)
    const positions = this.folder.positionsOf(name)
    let kept = 0
    for (const position of positions.slice(0, -1)) {
      if (position % spacing !== 0) this.folder.drop(name, position)
      else kept += this.folder.bytesOf(name, position)
    }
    return kept
  }
}
