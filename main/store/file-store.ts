import { closeSync, openSync, readSync } from 'node:fs'
import { Low } from 'lowdb'
import { codedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import { placeEvents, placeMany, type AppendOptions, type EventStore, type NewEvent, type OpenReport, type StreamEvent } from './event-store.ts'
import { JsonlAdapter, type JsonlOptions, type LogData } from './jsonl-adapter.ts'
import { parseLineAt } from './line.ts'

const ID_KEY = Buffer.from(',"id":"')
const STREAM_KEY = Buffer.from('","stream":"')

/**
 * The event log of a workspace folder: a lowdb `Low` over the append-only JSON Lines adapter, with
 * group commit (appends that arrive while a flush runs share the next flush) and reads by byte offset.
 */
export class FileEventStore implements EventStore {
  readonly readOnly: boolean
  private readonly db: Low<LogData>
  private readonly adapter: JsonlAdapter
  private readonly upcast: (e: EventEnvelope) => EventEnvelope
  private reader = -1
  private inflight: Promise<void> | null = null
  private queued: Promise<void> | null = null
  private failure: unknown = null
  private readonly path: string
  /** Event ids, built on first use (the opening scan reads only each line's head). */
  private ids: Set<string> | null = null

  constructor(options: JsonlOptions) {
    this.readOnly = options.readOnly
    this.path = options.path
    this.adapter = new JsonlAdapter(options)
    this.db = new Low<LogData>(this.adapter, { events: [] })
    this.upcast = options.upcast
  }

  /**
   * Opens (creating if needed) and verifies events.jsonl, handing each event from `visitFrom` on to
   * `visit` (projections fold while the log is read); see JsonlAdapter.read for what is checked.
   */
  async open(visit?: (event: EventEnvelope) => void, visitFrom = 1): Promise<OpenReport> {
    this.adapter.setVisitor(visit, visitFrom)
    await this.db.read()
    try {
      this.reader = openSync(this.path, 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    return this.adapter.report
  }

  get lastPosition(): number {
    return this.adapter.index.lastPosition
  }

  get durablePosition(): number {
    return this.adapter.persistedPosition
  }

  get lastCorrelationStart(): number {
    return this.adapter.index.lastCorrelationStart
  }

  /** How many streams the log holds. */
  get streamCount(): number {
    return this.adapter.index.streamCount
  }

  get byteLength(): number {
    return this.adapter.byteLength
  }

  streamVersion(stream: string): number {
    return this.adapter.index.streamVersion(stream)
  }

  commandPosition(commandId: string): number | undefined {
    return this.adapter.index.commandPosition(commandId, (position) => this.readRange(position, position)[0]?.meta.commandId)
  }

  hasEvent(eventId: string): boolean {
    if (!this.ids) this.ids = this.readIds()
    return this.ids.has(eventId)
  }

  /** Every id in the log: from each persisted line's bytes (`{"position":N,"id":"…","stream":`), then the pending events. */
  private readIds(): Set<string> {
    const ids = new Set<string>()
    const persisted = this.adapter.persistedPosition
    const batch = 20_000
    for (let p = 1; p <= persisted; p += batch) {
      const last = Math.min(persisted, p + batch - 1)
      const [start] = this.adapter.lineRange(p)
      const [, end] = this.adapter.lineRange(last)
      const buf = this.readBytes(start, end)
      for (let lineStart = 0; lineStart < buf.length; ) {
        const idStart = buf.indexOf(ID_KEY, lineStart) + ID_KEY.length
        const idEnd = buf.indexOf(STREAM_KEY, idStart)
        ids.add(JSON.parse(buf.toString('utf8', idStart - 1, idEnd + 1)) as string)
        const nl = buf.indexOf(10, idEnd)
        lineStart = nl < 0 ? buf.length : nl + 1
      }
    }
    for (const e of this.db.data.events) if (e.position > persisted) ids.add(e.id)
    return ids
  }

  appendToStream(stream: string, events: readonly NewEvent[], options?: AppendOptions): EventEnvelope[] {
    this.checkWritable()
    const index = this.adapter.index
    return this.keep(placeEvents(stream, events, { lastPosition: index.lastPosition, version: index.streamVersion(stream) }, options))
  }

  appendMany(events: readonly StreamEvent[]): EventEnvelope[] {
    this.checkWritable()
    const index = this.adapter.index
    return this.keep(placeMany(events, index.lastPosition, (stream) => index.streamVersion(stream)))
  }

  private checkWritable(): void {
    if (this.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: nothing can be written.')
    if (this.failure) throw codedError('STORE_FAILED', 'The event log could not be written; reopen the workspace.', { cause: String(this.failure) })
  }

  /** Records placed events in the index and queues them for the next flush. */
  private keep(placed: EventEnvelope[]): EventEnvelope[] {
    const index = this.adapter.index
    const pending = this.db.data.events
    for (const e of placed) {
      index.add(e.position, e.stream, e.meta.commandId, e.meta.correlationId)
      this.ids?.add(e.id)
      pending.push(e)
    }
    return placed
  }

  flush(): Promise<void> {
    if (this.queued) return this.queued
    if (!this.inflight) return (this.inflight = this.write())
    this.queued = this.inflight.then(
      () => {
        this.queued = null
        return (this.inflight = this.write())
      },
      (error) => {
        this.queued = null
        throw error
      },
    )
    return this.queued
  }

  private async write(): Promise<void> {
    try {
      if (this.failure) throw this.failure
      await this.db.write()
      const persisted = this.adapter.persistedPosition
      const pending = this.db.data.events
      let keep = 0
      while (keep < pending.length && pending[keep].position <= persisted) keep++
      if (keep > 0) pending.splice(0, keep)
      if (this.reader < 0 && persisted > 0) this.reader = openSync(this.path, 'r')
    } catch (error) {
      this.failure = error
      throw error
    } finally {
      this.inflight = null
    }
  }

  private readBytes(start: number, end: number): Buffer {
    const buf = Buffer.allocUnsafe(end - start)
    let done = 0
    while (done < buf.length) {
      const n = readSync(this.reader, buf, done, buf.length - done, start + done)
      if (n === 0) throw new Error('bug: event log shorter than its index')
      done += n
    }
    return buf
  }

  private readPersisted(from: number, to: number): EventEnvelope[] {
    const [start] = this.adapter.lineRange(from)
    const [, end] = this.adapter.lineRange(to)
    const buf = this.readBytes(start, end)
    const out: EventEnvelope[] = []
    let lineStart = 0
    for (let nl = buf.indexOf(10, 0); ; nl = buf.indexOf(10, lineStart)) {
      const lineEnd = nl < 0 ? buf.length : nl
      out.push(this.upcast(parseLineAt(buf, lineStart, lineEnd)))
      if (nl < 0) break
      lineStart = nl + 1
    }
    return out
  }

  private pendingAt(position: number): EventEnvelope {
    const pending = this.db.data.events
    return pending[position - pending[0].position]
  }

  readRange(from: number, to: number): EventEnvelope[] {
    const first = Math.max(1, from)
    const last = Math.min(to, this.lastPosition)
    if (last < first) return []
    const persisted = this.adapter.persistedPosition
    const out = first <= persisted ? this.readPersisted(first, Math.min(last, persisted)) : []
    for (let p = Math.max(first, persisted + 1); p <= last; p++) out.push(this.pendingAt(p))
    return out
  }

  readStream(stream: string, upTo = Number.POSITIVE_INFINITY): EventEnvelope[] {
    const positions = this.adapter.index.streamPositions(stream)
    let end = positions.length
    while (end > 0 && positions[end - 1] > upTo) end--
    return this.readPositions(positions, 0, end)
  }

  readStreamAfter(stream: string, version: number): EventEnvelope[] {
    const positions = this.adapter.index.streamPositions(stream)
    return this.readPositions(positions, Math.max(0, version), positions.length)
  }

  private readPositions(positions: readonly number[], from: number, to: number): EventEnvelope[] {
    const out: EventEnvelope[] = []
    const persisted = this.adapter.persistedPosition
    for (let i = from; i < to; i++) {
      const p = positions[i]
      out.push(p <= persisted ? this.readPersisted(p, p)[0] : this.pendingAt(p))
    }
    return out
  }

  async close(): Promise<void> {
    if (this.inflight || this.queued) await (this.queued ?? this.inflight)?.catch(() => undefined)
    if (this.db.data.events.length > 0 && !this.failure && !this.readOnly) await this.flush().catch(() => undefined)
    if (this.reader >= 0) closeSync(this.reader)
    this.reader = -1
    await this.adapter.close()
  }
}
