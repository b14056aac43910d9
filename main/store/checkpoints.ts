import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { CheckpointWriter } from './checkpoint-writer.ts'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fsyncDirectory } from './fsync-directory.ts'

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

/** A checkpoint that was not trusted, and why (it is ignored: the state is folded from the log). */
export interface RejectedCheckpoint {
  projection: string
  position: number
  reason: string
}

const STATE_KEY = ',"state":'
const CLOSE_BRACE = Buffer.from('}')

/** What a checksum covers besides the state: the projection, code version, position and event id. */
function checksumHeader(projection: string, version: number, position: number, eventId: string): string {
  return `stormbook-checkpoint/1\n${projection}\n${version}\n${position}\n${eventId}\n`
}

/**
 * The checksum of a checkpoint: a CRC-32 (as each log line has) over what it stands for and the state's
 * JSON text exactly as written. It catches a torn or edited file; a checkpoint is a cache the log can
 * always rebuild, so it needs no cryptographic hash (sha256 over a million-event log's checkpoints cost
 * its first open 1.7 s). Files written with `sha256:` checksums before are still read.
 */
export function checkpointChecksum(projection: string, version: number, position: number, eventId: string, stateJson: string | Uint8Array): string {
  return `crc32:${(crc32(stateJson, crc32(checksumHeader(projection, version, position, eventId))) >>> 0).toString(16).padStart(8, '0')}`
}

/** The sha256 checksum checkpoints were written with until session 6 (still accepted when read). */
function sha256Checksum(projection: string, version: number, position: number, eventId: string, stateJson: string): string {
  const hash = createHash('sha256')
  hash.update(checksumHeader(projection, version, position, eventId))
  hash.update(stateJson)
  return `sha256:${hash.digest('hex')}`
}

/** Reads a checkpoint file's text: the checkpoint, or why it cannot be trusted. */
export function parseCheckpoint(text: string, projection: string, position: number): { checkpoint: Checkpoint } | { reason: string } {
  let parsed: Checkpoint & { checksum?: unknown }
  try {
    parsed = JSON.parse(text) as Checkpoint & { checksum?: unknown }
  } catch {
    return { reason: 'not JSON' }
  }
  if (typeof parsed !== 'object' || parsed === null) return { reason: 'not a checkpoint' }
  if (parsed.projection !== projection || parsed.position !== position) return { reason: `names ${String(parsed.projection)} at ${String(parsed.position)}` }
  if (typeof parsed.version !== 'number' || typeof parsed.eventId !== 'string') return { reason: 'no version or event id' }
  if (typeof parsed.checksum !== 'string') return { reason: 'no checksum (written by an older Stormbook)' }
  // The state's text as written: a string value cannot hold `,"state":` unescaped, so the first is the key.
  const at = text.indexOf(STATE_KEY)
  const end = text.trimEnd()
  if (at < 0 || !end.endsWith('}')) return { reason: 'not a checkpoint' }
  const stateJson = end.slice(at + STATE_KEY.length, -1)
  const sum = parsed.checksum.startsWith('sha256:') ? sha256Checksum : checkpointChecksum
  if (sum(projection, parsed.version, position, parsed.eventId, stateJson) !== parsed.checksum) return { reason: 'checksum mismatch (changed after it was written)' }
  return { checkpoint: { projection, version: parsed.version, position, eventId: parsed.eventId, state: parsed.state } }
}

/**
 * The workspace's `checkpoints/` folder: `<Projection>/<position>.json` files, each with a checksum of
 * its content, written to a temporary name and renamed into place, so a crash never leaves half a
 * checkpoint (the temporary files a kill leaves are removed when the folder is opened for writing).
 */
export class CheckpointFolder {
  private readonly dir: string
  private readonly positions = new Map<string, number[]>()
  /** Bytes of each checkpoint file, by `<projection>/<position>`, read from the disk once. */
  private readonly sizes = new Map<string, number>()
  private readonly readOnly: boolean
  /** Checkpoints found untrustworthy since the folder was opened (ignored; their states are refolded). */
  readonly rejected: RejectedCheckpoint[] = []
  /** Writes and removals on a worker thread (`background`), and each file's last operation's ticket. */
  private writer: CheckpointWriter | null = null
  private readonly background: boolean
  private readonly tickets = new Map<string, number>()

  /** `background`: file writes and removals run on a worker thread (the app's workspaces; tests read files at once without it). */
  constructor(dir: string, readOnly = false, options: { background?: boolean } = {}) {
    this.dir = dir
    this.readOnly = readOnly
    this.background = options.background === true && !readOnly
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
      if (!readOnly) for (const file of files.filter((f) => f.endsWith('.tmp'))) rmSync(join(dir, name, file), { force: true })
      const list = files
        .map((f) => /^(\d+)\.json$/.exec(f)?.[1])
        .filter((p): p is string => p !== undefined)
        .map(Number)
        .sort((a, b) => a - b)
      this.positions.set(name, list)
    }
  }

  /** The projections (and `@aggregates`) that have checkpoints. */
  names(): string[] {
    return [...this.positions.keys()].filter((name) => (this.positions.get(name)?.length ?? 0) > 0).sort()
  }

  /** Positions of a projection's checkpoints, oldest first. */
  positionsOf(projection: string): readonly number[] {
    return this.positions.get(projection) ?? []
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

  /** Reads and checks a checkpoint: what it holds, or why it is not to be trusted. */
  inspect(projection: string, position: number): { checkpoint: Checkpoint } | { reason: string } {
    this.settle(projection, position)
    let text: string
    try {
      text = readFileSync(join(this.dir, projection, `${position}.json`), 'utf8')
    } catch (error) {
      return { reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
    }
    return parseCheckpoint(text, projection, position)
  }

  /**
   * Reads a checkpoint; undefined when missing, unreadable or failing its checksum (then the caller folds
   * from the log). A failing one is listed in `rejected`, forgotten, and (unless read-only) moved aside
   * to `<position>.json.rejected`.
   */
  load(projection: string, position: number): Checkpoint | undefined {
    const found = this.inspect(projection, position)
    if ('checkpoint' in found) return found.checkpoint
    this.rejected.push({ projection, position, reason: found.reason })
    const list = this.positions.get(projection) ?? []
    const at = list.indexOf(position)
    if (at >= 0) list.splice(at, 1)
    if (!this.readOnly) {
      const file = join(this.dir, projection, `${position}.json`)
      try {
        renameSync(file, `${file}.rejected`)
      } catch {
        // gone already
      }
    }
    return undefined
  }

  /** Writes a checkpoint (the state already serialised, so the caller may keep changing its copy). */
  save(projection: string, version: number, position: number, eventId: string, stateJson: string): void {
    if (this.readOnly) return
    const folder = join(this.dir, projection)
    const file = join(folder, `${position}.json`)
    // Encoded once: the checksum and the file take the same bytes.
    const state = Buffer.from(stateJson)
    const checksum = checkpointChecksum(projection, version, position, eventId, state)
    const head = `{"projection":${JSON.stringify(projection)},"version":${version},"position":${position},"eventId":${JSON.stringify(eventId)},"checksum":"${checksum}"${STATE_KEY}`
    const size = Buffer.byteLength(head) + state.length + 1
    const writer = this.writerOf()
    if (writer) this.tickets.set(`${projection}/${position}`, writer.write(folder, file, head, state))
    else {
      mkdirSync(folder, { recursive: true })
      writeFileSync(file + '.tmp', Buffer.concat([Buffer.from(head), state, CLOSE_BRACE]))
      renameSync(file + '.tmp', file)
    }
    this.sizes.set(`${projection}/${position}`, size)
    const list = this.positions.get(projection) ?? []
    if (!list.includes(position)) {
      list.push(position)
      list.sort((a, b) => a - b)
    }
    this.positions.set(projection, list)
  }

  /** The size of a checkpoint's file in bytes (0 when it is gone). */
  bytesOf(projection: string, position: number): number {
    const key = `${projection}/${position}`
    let bytes = this.sizes.get(key)
    if (bytes === undefined) {
      try {
        bytes = statSync(join(this.dir, projection, `${position}.json`)).size
      } catch {
        bytes = 0
      }
      this.sizes.set(key, bytes)
    }
    return bytes
  }

  /** The size of every checkpoint in the folder, in bytes. */
  totalBytes(): number {
    let total = 0
    for (const [name, list] of this.positions) for (const position of list) total += this.bytesOf(name, position)
    return total
  }

  /** Removes every checkpoint of `projection` but the newest. */
  keepNewest(projection: string): void {
    if (this.readOnly) return
    const list = this.positions.get(projection) ?? []
    for (const position of list.slice(0, -1)) this.drop(projection, position)
  }

  /**
   * Durably removes every checkpoint (of any projection, and the aggregate states) at or after
   * `position`: unlinks them, then fsyncs each folder it removed from, so a power cut cannot bring one
   * back. Returns how many it removed.
   */
  dropFrom(position: number): number {
    if (this.readOnly) return 0
    let removed = 0
    // Rare (a rebase) and must be durable on return: the writer finishes first, then this thread removes.
    this.flush()
    for (const [name, list] of this.positions) {
      const doomed = list.filter((at) => at >= position)
      for (const at of doomed) this.drop(name, at, true)
      if (doomed.length > 0) fsyncDirectory(join(this.dir, name))
      removed += doomed.length
    }
    return removed
  }

  /** Blocks until the checkpoints saved so far are in their files (at once without a background writer). */
  flush(): void {
    this.writer?.flush()
    this.tickets.clear()
  }

  /** Forgets a checkpoint that does not belong to this log (past its end, or another log's); `now`: removed on this thread. */
  drop(projection: string, position: number, now = false): void {
    if (this.readOnly) return
    const file = join(this.dir, projection, `${position}.json`)
    if (this.writer && !now) this.tickets.set(`${projection}/${position}`, this.writer.remove(file))
    else rmSync(file, { force: true })
    this.sizes.delete(`${projection}/${position}`)
    const list = this.positions.get(projection) ?? []
    const at = list.indexOf(position)
    if (at >= 0) list.splice(at, 1)
  }

  /** Finishes the writes and removals under way (a no-op without a background writer). */
  async close(): Promise<void> {
    const writer = this.writer
    this.writer = null
    this.tickets.clear()
    await writer?.close()
  }

  /** The background writer, started on first use (null when writing in place). */
  private writerOf(): CheckpointWriter | null {
    if (!this.background) return null
    this.writer ??= new CheckpointWriter((file) => this.forgetFailed(file))
    return this.writer
  }

  /** Waits until the background writer is done with a checkpoint's file, so it can be read or renamed. */
  private settle(projection: string, position: number): void {
    const key = `${projection}/${position}`
    const ticket = this.tickets.get(key)
    if (ticket === undefined || !this.writer) return
    this.writer.waitFor(ticket)
    this.tickets.delete(key)
  }

  /** A background write failed (a full disk): the checkpoint is forgotten, as if never taken. */
  private forgetFailed(file: string): void {
    const match = /([^/\\]+)[/\\](\d+)\.json$/.exec(file)
    if (!match) return
    const [, projection, position] = match
    this.sizes.delete(`${projection}/${position}`)
    const list = this.positions.get(projection) ?? []
    const at = list.indexOf(Number(position))
    if (at >= 0) list.splice(at, 1)
  }
}
