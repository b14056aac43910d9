import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A projection's state saved at a position, so opening and time travel fold only what came after. */
export interface Checkpoint {
  projection: string
  /** The projection's code version: a checkpoint of another version is ignored. */
  version: number
  position: number
  /** Id of the event at `position`: a checkpoint from another log is ignored. */
  eventId: string
  state: unknown
}

/**
 * The workspace's `checkpoints/` folder: `<Projection>/<position>.json` files, written to a temporary
 * name and renamed into place, so a crash never leaves half a checkpoint.
 */
export class CheckpointFolder {
  private readonly dir: string
  private readonly positions = new Map<string, number[]>()
  private readonly readOnly: boolean

  constructor(dir: string, readOnly = false) {
    this.dir = dir
    this.readOnly = readOnly
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      let files: string[] = []
      try {
        files = readdirSync(join(dir, name))
      } catch {
        continue
      }
      const list = files
        .map((f) => /^(\d+)\.json$/.exec(f)?.[1])
        .filter((p): p is string => p !== undefined)
        .map(Number)
        .sort((a, b) => a - b)
      this.positions.set(name, list)
    }
  }

  /** The newest checkpoint position of a projection at or before `position` (0 when none). */
  nearest(projection: string, position: number): number {
    const list = this.positions.get(projection) ?? []
    let lo = 0
    let hi = list.length - 1
    let best = 0
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (list[mid] <= position) {
        best = list[mid]
        lo = mid + 1
      } else hi = mid - 1
    }
    return best
  }

  /** Reads a checkpoint; undefined when missing or unreadable (then the caller folds from the start). */
  load(projection: string, position: number): Checkpoint | undefined {
    try {
      const checkpoint = JSON.parse(readFileSync(join(this.dir, projection, `${position}.json`), 'utf8')) as Checkpoint
      return checkpoint.position === position && checkpoint.projection === projection ? checkpoint : undefined
    } catch {
      return undefined
    }
  }

  /** Writes a checkpoint (the state already serialised, so the caller may keep changing its copy). */
  save(projection: string, version: number, position: number, eventId: string, stateJson: string): void {
    if (this.readOnly) return
    const folder = join(this.dir, projection)
    mkdirSync(folder, { recursive: true })
    const file = join(folder, `${position}.json`)
    const text = `{"projection":${JSON.stringify(projection)},"version":${version},"position":${position},"eventId":${JSON.stringify(eventId)},"state":${stateJson}}`
    writeFileSync(file + '.tmp', text)
    renameSync(file + '.tmp', file)
    const list = this.positions.get(projection) ?? []
    if (!list.includes(position)) {
      list.push(position)
      list.sort((a, b) => a - b)
    }
    this.positions.set(projection, list)
  }

  /**
   * Keeps the time-travel checkpoints (positions that are multiples of `every`) and the newest one;
   * removes the other in-between ones that opens and closes leave behind.
   */
  prune(projection: string, every: number): void {
    if (this.readOnly) return
    const list = this.positions.get(projection) ?? []
    const newest = list[list.length - 1]
    for (const position of list.slice()) {
      if (position !== newest && position % every !== 0) this.drop(projection, position)
    }
  }

  /** Removes every checkpoint of `projection` but the newest. */
  keepNewest(projection: string): void {
    if (this.readOnly) return
    const list = this.positions.get(projection) ?? []
    for (const position of list.slice(0, -1)) this.drop(projection, position)
  }

  /** Forgets a checkpoint that does not belong to this log (past its end, or another log's). */
  drop(projection: string, position: number): void {
    if (this.readOnly) return
    rmSync(join(this.dir, projection, `${position}.json`), { force: true })
    const list = this.positions.get(projection) ?? []
    const at = list.indexOf(position)
    if (at >= 0) list.splice(at, 1)
  }
}
