import { open, rename, writeFile, type FileHandle } from 'node:fs/promises'
import type { Adapter } from 'lowdb'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { codedError, type ThrownCodedError } from '../../domain/kernel/coded-error.ts'
import { encodeLine, lineCrcOk, parseLineAt, readHeadAt, type LineHead } from './line.ts'
import { LogIndex } from './log-index.ts'
import type { OpenReport } from './event-store.ts'

/** A coded error of the store. */
function storeError(code: string, message: string, details: Record<string, unknown> = {}): ThrownCodedError {
  return codedError(code, message, details)
}

/** What lowdb holds for events.jsonl: only the events not yet on disk (the rest stay on disk, indexed). */
export interface LogData {
  events: EventEnvelope[]
}

/** A system error opening the log, as a coded error naming the file (a bug stays a bug). */
function unreadable(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException)?.code
  if (typeof code !== 'string') return error
  return storeError('LOG_UNREADABLE', `${path} cannot be opened as an event log (${code}).`, { path, cause: code })
}

/** Options of the append-only JSON Lines adapter. */
export interface JsonlOptions {
  path: string
  readOnly: boolean
  /** ISO instant for naming a torn tail's file. */
  now: () => string
  upcast: (event: EventEnvelope) => EventEnvelope
  /** Reading progress, in bytes. */
  onProgress?: (done: number, total: number) => void
  /** Bytes read at a time while opening (8 MiB; tests make it small to cut lines across reads). */
  chunkBytes?: number
}

const CHUNK = 8 * 1024 * 1024

/**
 * lowdb Adapter over events.jsonl. `read()` verifies every line (crc, gap-free positions and versions)
 * and builds the index without keeping events in memory; `write()` appends only the events past the
 * last persisted position, then fdatasyncs. The file is never rewritten in place.
 */
export class JsonlAdapter implements Adapter<LogData> {
  readonly index = new LogIndex()
  report: OpenReport = {}
  private offsets = new Float64Array(1024)
  private size = 0
  private persisted = 0
  private writer: FileHandle | null = null
  private readonly options: JsonlOptions

  constructor(options: JsonlOptions) {
    this.options = options
  }

  private visit?: (event: EventEnvelope) => void
  private visitFrom = 1

  /** Sets who hears each verified event at or after `from`, upcast, during read(). */
  setVisitor(visit: ((event: EventEnvelope) => void) | undefined, from: number): void {
    this.visit = visit
    this.visitFrom = from
  }

  /** Position of the last event on disk. */
  get persistedPosition(): number {
    return this.persisted
  }

  /** Bytes of verified log on disk. */
  get byteLength(): number {
    return this.size
  }

  /** Byte range [start, end) of a persisted line, newline excluded. */
  lineRange(position: number): [number, number] {
    const start = this.offsets[position]
    const end = position < this.persisted ? this.offsets[position + 1] - 1 : this.size - 1
    return [start, end]
  }

  private setOffset(position: number, offset: number): void {
    if (position >= this.offsets.length) {
      const grown = new Float64Array(Math.max(this.offsets.length * 2, position + 1))
      grown.set(this.offsets)
      this.offsets = grown
    }
    this.offsets[position] = offset
  }

  async read(): Promise<LogData> {
    const { path, readOnly } = this.options
    let handle: FileHandle
    try {
      handle = await open(path, readOnly ? 'r' : 'a+')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && readOnly) return { events: [] }
      throw unreadable(path, error)
    }
    try {
      const stat = await handle.stat()
      if (!stat.isFile()) throw storeError('LOG_UNREADABLE', `${path} is not a file (a folder or a device): it cannot be an event log.`, { path, cause: 'not a file' })
      const total = stat.size
      // One buffer for the whole scan: the unfinished line at the end of a chunk is moved to the front and
      // the next chunk read in after it (a fresh 8 MiB buffer per chunk costs more in page faults than the read).
      const chunkBytes = this.options.chunkBytes ?? CHUNK
      let buf = Buffer.allocUnsafe(Math.min(chunkBytes, total) + 65_536)
      let carry = 0 // bytes of the unfinished line at the front of buf
      let fileOffset = 0 // file offset of buf[0]
      let line = 0
      let good = 0 // bytes of verified lines
      let corrupt: { line: number; reason: string } | undefined
      for (let read = 0; read < total && !corrupt; ) {
        const want = Math.min(chunkBytes, total - read)
        if (carry + want > buf.length) buf = Buffer.concat([buf.subarray(0, carry)], carry + want)
        const { bytesRead } = await handle.read(buf, carry, want, read)
        if (bytesRead === 0) break
        read += bytesRead
        const filled = carry + bytesRead
        const view = buf.subarray(0, filled)
        let start = 0
        for (let nl = view.indexOf(10, start); nl >= 0; nl = view.indexOf(10, start)) {
          line++
          const reason = this.take(view, start, nl, fileOffset + start)
          if (reason) {
            corrupt = { line, reason }
            break
          }
          good = fileOffset + nl + 1
          start = nl + 1
        }
        if (corrupt) break
        buf.copyWithin(0, start, filled)
        carry = filled - start
        fileOffset += start
        this.options.onProgress?.(read, total)
      }
      if (corrupt) {
        if (!readOnly) {
          throw storeError(
            'LOG_CORRUPT',
            `events.jsonl line ${corrupt.line} is damaged (${corrupt.reason}). The workspace can be opened read-only up to line ${corrupt.line - 1}.`,
            { line: corrupt.line, reason: corrupt.reason, path },
          )
        }
        this.report.corrupt = corrupt
      } else if (carry > 0) {
        this.report.tornBytes = carry
        if (!readOnly) {
          const tornFile = `${path}.torn-${this.options.now().replace(/[:.]/g, '-')}`
          await writeFile(tornFile + '.tmp', buf.subarray(0, carry))
          await rename(tornFile + '.tmp', tornFile)
          await handle.truncate(good)
          await handle.datasync()
          this.report.tornFile = tornFile
        }
      }
      this.size = good
      this.persisted = this.index.lastPosition
      if (!readOnly) this.writer = handle
      else await handle.close()
    } catch (error) {
      await handle.close().catch(() => undefined)
      throw error
    }
    return { events: [] }
  }

  /** Verifies and indexes one line; returns what is wrong with it, if anything. */
  private take(buf: Buffer, start: number, end: number, offset: number): string | undefined {
    if (end === start) return 'empty line'
    if (!lineCrcOk(buf, start, end)) return 'crc mismatch'
    // Lines the visitor hears are parsed whole anyway: their head is read from the parsed envelope.
    const visiting = this.visit !== undefined && this.index.lastPosition + 1 >= this.visitFrom
    let head: LineHead
    let event: EventEnvelope | undefined
    try {
      if (visiting) {
        event = parseLineAt(buf, start, end)
        head = { position: event.position, stream: event.stream, version: event.version, commandId: event.meta?.commandId, correlationId: event.meta?.correlationId }
      } else head = readHeadAt(buf, start, end)
    } catch {
      return 'not JSON'
    }
    const problem = this.index.addChecked(head.position, head.stream, head.version, head.commandId, head.correlationId)
    if (problem) return problem
    this.setOffset(head.position, offset)
    if (event) this.visit!(this.options.upcast(event))
    return undefined
  }

  async write(data: LogData): Promise<void> {
    if (!this.writer) throw storeError('READ_ONLY', 'This workspace is open read-only: nothing can be written.')
    const fresh = data.events.filter((e) => e.position > this.persisted)
    if (fresh.length === 0) return
    const lines = fresh.map(encodeLine)
    const text = lines.join('\n') + '\n'
    await this.writer.write(text)
    await this.writer.datasync()
    let offset = this.size
    for (let i = 0; i < fresh.length; i++) {
      this.setOffset(fresh[i].position, offset)
      offset += Buffer.byteLength(lines[i]) + 1
    }
    this.size = offset
    this.persisted = fresh[fresh.length - 1].position
  }

  async close(): Promise<void> {
    await this.writer?.close()
    this.writer = null
  }
}
