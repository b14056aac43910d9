import { codedError } from '../../domain/kernel/coded-error.ts'
import type { Clock, EventEnvelope } from '../../domain/kernel/index.ts'
import type { LocalLog } from './local-log.ts'
import type { Cursor, PulledEvent, PullingLaptop, PushAnswer, StreamBatch, SyncedEvent } from './server.ts'
import { localVersion, type Conflict, type SyncState } from './sync-state.ts'

/** The two calls a sync round makes on the server (SyncServer implements them; tests may wrap them). */
export interface SyncServerPort {
  push(team: string, stream: string, expected: number, origin: string, events: readonly SyncedEvent[]): Promise<PushAnswer>
  /** With `laptop`, the events it pushed and holds may come `held` (bare), to be skipped. */
  pull(team: string, after: Cursor, limit?: number, laptop?: PullingLaptop): Promise<PulledEvent[]>
  /** Many streams' batches in one call (optional: without it, `push` is called per batch). */
  pushMany?(team: string, origin: string, batches: readonly StreamBatch[]): Promise<PushAnswer[]>
  /** How many of the team's events follow a cursor (for the progress of a first pull; optional). */
  count?(team: string, after: Cursor): Promise<number>
}

/** How far a pull has come: events taken in, and how many there were to take (null: not counted). */
export interface PullProgress {
  pulled: number
  total: number | null
}

/** What one round did. */
export interface SyncReport {
  /** Events the server recorded from this laptop, and events it had already (a retried push). */
  pushed: number
  duplicates: number
  /** Events taken in from other laptops. */
  pulled: number
  /** Streams in conflict after the round (changed here and on the server since they last agreed). */
  conflicts: Conflict[]
}

/** How a round reads, pushes and pulls, and where it keeps its progress. */
export interface SyncRound {
  log: LocalLog
  server: SyncServerPort
  state: SyncState
  /** Makes the state durable (sync.json); called after each push window, every few pulled pages and at the end. */
  save(state: SyncState): void | Promise<void>
  clock: Clock
  /** Events read, pushed or pulled at a time (default 500). */
  pageSize?: number
  /** Hears the pull's progress after each page (the first pull counts what it has ahead of it). */
  onProgress?(progress: PullProgress): void
}

/** The pull saves the state every this many pages (and when a page found a conflict, and at the end). */
const SAVE_EVERY = 4

/** A stream's pending events, in log order, as batches that fit a page. */
function batches(events: readonly EventEnvelope[], size: number): EventEnvelope[][] {
  const out: EventEnvelope[][] = []
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size))
  return out
}

/** Stream batches grouped into calls of about `size` events each (a call never splits a batch). */
function calls(all: readonly StreamBatch[], size: number): StreamBatch[][] {
  const out: StreamBatch[][] = []
  let current: StreamBatch[] = []
  let count = 0
  for (const batch of all) {
    if (current.length > 0 && count + batch.events.length > size) {
      out.push(current)
      current = []
      count = 0
    }
    current.push(batch)
    count += batch.events.length
  }
  if (current.length > 0) out.push(current)
  return out
}

function synced(e: EventEnvelope): SyncedEvent {
  return { id: e.id, stream: e.stream, version: e.version, type: e.type, at: e.at, data: e.data, meta: e.meta }
}

/** A pulled event as the local log numbers it (a rebased stream runs ahead of the server by its offset). */
function asLocal(state: SyncState, event: SyncedEvent): SyncedEvent {
  const version = localVersion(state, event.stream, event.version)
  return version === event.version ? event : { ...event, version }
}

/**
 * A page asked for ahead of its turn: a failure is kept for whoever awaits it (and is not reported as
 * unhandled when the round stops first, on an earlier page's failure).
 */
function prefetch(page: Promise<PulledEvent[]>): Promise<PulledEvent[]> {
  page.catch(() => undefined)
  return page
}

/**
 * One sync round: push this laptop's pending events stream by stream (each batch with the version it
 * expects the server's stream to be at), then pull everyone's events after the cursor and ingest them.
 * A stream changed on both sides becomes a conflict: its pending events stay local and the server's are
 * held in the conflict, not ingested; every other stream goes on syncing. The local log is only appended
 * to. Progress is saved as it is made, so a round cut short (the server gone, the laptop closed) is simply
 * run again: what was pushed comes back as `duplicate`, what was ingested is skipped by id.
 */
export async function syncOnce(round: SyncRound): Promise<SyncReport> {
  const { log, server, state, clock } = round
  const size = round.pageSize ?? 500
  const report: SyncReport = { pushed: 0, duplicates: 0, pulled: 0, conflicts: state.conflicts }

  // Push: the local events after pushedUpTo, a window at a time (log order), grouped by stream; a
  // window is done when each of its streams is pushed or in conflict, and pushedUpTo moves past it.
  const upTo = log.lastPosition
  const window = size * 20
  const superseded = new Set(state.superseded ?? [])
  while (state.pushedUpTo < upTo) {
    const end = Math.min(upTo, state.pushedUpTo + window)
    const byStream = new Map<string, EventEnvelope[]>()
    for (let after = state.pushedUpTo; after < end; after += size) {
      for (const e of log.readSince(after, Math.min(size, end - after))) {
        const list = byStream.get(e.stream)
        if (superseded.has(e.id)) continue // withdrawn by a rebase: kept here, never pushed
        if (list) list.push(e)
        else byStream.set(e.stream, [e])
      }
    }
    // Level i holds the i-th batch of every stream; a call carries up to a page of events, one batch per
    // stream; a stream that meets a conflict pushes no more of its batches.
    const perStream = [...byStream].filter(([stream]) => !state.conflicts.some((c) => c.stream === stream)).map(([stream, events]) => ({ stream, batches: batches(events, size) }))
    for (let level = 0; perStream.some((s) => s.batches.length > level); level++) {
      const due = perStream.filter((s) => s.batches.length > level && !state.conflicts.some((c) => c.stream === s.stream))
      for (const call of calls(due.map((s) => ({ stream: s.stream, expected: s.batches[level][0].version - 1 - (state.offsets?.[s.stream] ?? 0), events: s.batches[level].map(synced) })), size)) {
        const answers: PushAnswer[] = []
        if (server.pushMany) answers.push(...(await server.pushMany(state.team, state.device, call)))
        else for (const b of call) answers.push(await server.push(state.team, b.stream, b.expected, state.device, b.events))
        answers.forEach((answer, i) => {
          const batch = call[i]
          if (answer.status === 'conflict') {
            state.conflicts.push({ stream: batch.stream, base: batch.expected, serverVersion: answer.version, theirs: [], detectedAt: clock.now() })
            return
          }
          report.pushed += answer.inserted
          report.duplicates += batch.events.length - answer.inserted
        })
      }
    }
    state.pushedUpTo = end
    await round.save(state)
  }

  // Pull: everything after the cursor, a page at a time; each page ingested (durably), then the cursor
  // moved. The state is saved every SAVE_EVERY pages, at once when a page found a conflict, and at the
  // end: a round cut short in between pulls those pages again (skipped by id) and pushes what they
  // ingested again (the server answers `duplicate`): nothing lost, nothing doubled, fewer fsyncs.
  // The next page is asked for before this one is ingested (it depends only on this page's last cursor),
  // so the server reads it while the laptop takes this one in; nothing is taken in out of order.
  const first = state.cursor.tx === '0' && state.cursor.position === '0'
  const progress: PullProgress = { pulled: 0, total: first && server.count ? await server.count(state.team, state.cursor) : null }
  const laptop: PullingLaptop = { device: state.device, has: (id) => log.hasEvent(id) }
  let next = prefetch(server.pull(state.team, state.cursor, size, laptop))
  for (let pages = 1; ; pages++) {
    const page = await next
    if (page.length === 0) break
    next = prefetch(server.pull(state.team, page[page.length - 1].cursor, size, laptop))
    const conflicts = state.conflicts.length
    progress.pulled += page.length
    const ingest: SyncedEvent[] = []
    const versions = new Map<string, number>()
    for (const pulled of page) {
      if (pulled.held || log.hasEvent(pulled.event.id)) continue
      const event = asLocal(state, pulled.event)
      const conflict = state.conflicts.find((c) => c.stream === event.stream)
      if (conflict) {
        if (!conflict.theirs.some((t) => t.id === event.id)) conflict.theirs.push(pulled.event)
        conflict.serverVersion = Math.max(conflict.serverVersion, pulled.event.version)
        continue
      }
      const local = versions.get(event.stream) ?? log.streamVersion(event.stream)
      if (event.version === local + 1) {
        ingest.push(event)
        versions.set(event.stream, event.version)
      } else if (event.version > local + 1) {
        throw codedError('SYNC_OUT_OF_ORDER', `${event.stream}: the server sent version ${event.version} while this laptop is at ${local}.`, { stream: event.stream })
      } else {
        // Our own unpushed events hold this version: both sides changed the stream since `version - 1`.
        const server = pulled.event.version
        state.conflicts.push({ stream: event.stream, base: server - 1, serverVersion: server, theirs: [pulled.event], detectedAt: clock.now() })
      }
    }
    const before = log.lastPosition
    const { ingested } = await log.ingest(ingest)
    report.pulled += ingested
    // Ingested events are on the server already: no need to push them back, unless local commands
    // slipped in between (then they are pushed next round, and those ingested answer `duplicate`).
    if (state.pushedUpTo === before && log.lastPosition === before + ingested) state.pushedUpTo = log.lastPosition
    state.cursor = page[page.length - 1].cursor
    if (pages % SAVE_EVERY === 0 || state.conflicts.length !== conflicts) await round.save(state)
    round.onProgress?.({ ...progress })
  }
  state.lastSyncAt = clock.now()
  await round.save(state)
  report.conflicts = state.conflicts
  return report
}
