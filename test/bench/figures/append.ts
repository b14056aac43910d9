import { readFileSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { sales } from '../../../domain/sales/index.ts'
import { SystemClock } from '../../../main/app/clock.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { parseLine } from '../../../main/store/line.ts'
import { IMPORT_IN_FLIGHT } from '../../../renderer/pipeline/csv-import.ts'
import { log, median, now } from '../util.ts'
import { EditFeed, seedDeals } from '../workload.ts'

/** What the append group measures. */
export interface AppendFigures {
  appendPerSec: number
  fsyncBaselinePerSec: number
  concurrentAppendPerSec: number
  rounds: { sequential: number[]; baseline: number[]; concurrent: number[] }
  /** Size of the line the baseline writes (a real OpportunityUpdated line of the engine). */
  baselineLineBytes: number
  /** Batches the group commit made in the concurrent rounds: events per fdatasync. */
  eventsPerFlush: number
}

function check(result: Awaited<ReturnType<Engine['dispatch']>>): void {
  if (!result.ok) throw new Error(`dispatch refused: ${result.error.code} ${result.error.message}`)
}

/** `count` dispatches one after the other, each awaited (durable before the next is sent): per second. */
async function sequential(engine: Engine, feed: EditFeed, count: number): Promise<number> {
  const start = now()
  for (let i = 0; i < count; i++) check(await engine.dispatch(feed.next()))
  return count / ((now() - start) / 1000)
}

/** `count` dispatches with `inFlight` of them outstanding at any time: per second. */
async function concurrent(engine: Engine, feed: EditFeed, count: number, inFlight: number): Promise<number> {
  let sent = 0
  const start = now()
  const worker = async () => {
    while (sent < count) {
      sent++
      check(await engine.dispatch(feed.next()))
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return count / ((now() - start) / 1000)
}

/** The baseline: the raw file API the store uses (FileHandle.write + datasync), one line at a time: per second. */
async function fsyncBaseline(path: string, line: string, count: number): Promise<number> {
  const handle = await open(path, 'a')
  try {
    const start = now()
    for (let i = 0; i < count; i++) {
      await handle.write(line)
      await handle.datasync()
    }
    return count / ((now() - start) / 1000)
  } finally {
    await handle.close()
  }
}

/** Counts fdatasync calls of a FileHandle-based store by wrapping the prototype's datasync for a while. */
async function countingDatasyncs<T>(work: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const probe = await open(process.execPath, 'r')
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }
  await probe.close()
  const original = proto.datasync
  let calls = 0
  proto.datasync = function (this: unknown) {
    calls++
    return original.call(this)
  }
  try {
    return { value: await work(), calls }
  } finally {
    proto.datasync = original
  }
}

/**
 * appendPerSec, concurrentAppendPerSec and fsyncBaselinePerSec, measured in interleaved rounds
 * (engine sequential, raw baseline, engine with 32 in flight) so disk weather hits all three alike.
 */
export async function measureAppends(workDir: string, options: { rounds: number; sequentialCount: number; concurrentCount: number; inFlight: number }): Promise<AppendFigures> {
  const dir = join(workDir, 'append')
  const ws = await openWorkspace(dir, { contexts: [sales], clock: new SystemClock() })
  try {
    const engine = ws.engine
    const feed = new EditFeed(await seedDeals(engine, 20, 200, 11), 12)
    // Warm-up, and a real line of the log for the baseline to write.
    await sequential(engine, feed, 100)
    const last = engine.store.readRange(engine.store.lastPosition, engine.store.lastPosition)[0]
    const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n')
    const line = lines[lines.length - 1] + '\n'
    if (!line.includes(last.id)) throw new Error('bug: the last line is not the last event')
    const rounds = { sequential: [] as number[], baseline: [] as number[], concurrent: [] as number[] }
    let flushes = 0
    let flushed = 0
    for (let r = 0; r < options.rounds; r++) {
      rounds.sequential.push(await sequential(engine, feed, options.sequentialCount))
      rounds.baseline.push(await fsyncBaseline(join(workDir, `fsync-baseline-${r}.jsonl`), line, options.sequentialCount))
      const before = engine.store.lastPosition
      const { value, calls } = await countingDatasyncs(() => concurrent(engine, feed, options.concurrentCount, options.inFlight))
      rounds.concurrent.push(value)
      flushes += calls
      flushed += engine.store.lastPosition - before
      log(`append round ${r + 1}/${options.rounds}: sequential ${rounds.sequential[r].toFixed(0)}/s, fsync ${rounds.baseline[r].toFixed(0)}/s, concurrent ${value.toFixed(0)}/s`)
    }
    return {
      appendPerSec: median(rounds.sequential),
      fsyncBaselinePerSec: median(rounds.baseline),
      concurrentAppendPerSec: median(rounds.concurrent),
      rounds,
      baselineLineBytes: Buffer.byteLength(line),
      eventsPerFlush: flushes === 0 ? NaN : flushed / flushes,
    }
  } finally {
    await ws.close()
  }
}

/** append5kMs and naiveLowdbMs5k. */
export interface FiveKFigures {
  append5kMs: number
  /** The same 5,000 dispatches sent as the CSV import sends them: IMPORT_IN_FLIGHT at a time. */
  append5kImportMs: number
  naiveLowdbMs5k: number
  lowdbFileBytes: number
}

/**
 * 5,000 appends, one write each: 5,000 durable dispatches into a fresh workspace, then the very same
 * 5,000 events pushed one by one into lowdb's stock JSONFile adapter (`{events: [...]}`), written
 * after each push, as a naive lowdb event log would.
 */
export async function measureFiveK(workDir: string, count = 5000): Promise<FiveKFigures> {
  const dir = join(workDir, 'append5k')
  const ws = await openWorkspace(dir, { contexts: [sales], clock: new SystemClock() })
  let append5kMs: number
  let from: number
  try {
    const engine = ws.engine
    const feed = new EditFeed(await seedDeals(engine, 10, 50, 21), 22)
    from = engine.store.lastPosition + 1
    const start = now()
    for (let i = 0; i < count; i++) check(await engine.dispatch(feed.next()))
    append5kMs = now() - start
    if (engine.store.lastPosition - from + 1 !== count) throw new Error(`5k: ${engine.store.lastPosition - from + 1} events, not ${count}`)
  } finally {
    await ws.close()
  }
  const importDir = join(workDir, 'append5k-import')
  const imported = await openWorkspace(importDir, { contexts: [sales], clock: new SystemClock() })
  let append5kImportMs: number
  try {
    const feed = new EditFeed(await seedDeals(imported.engine, 10, 50, 21), 22)
    const start = now()
    await concurrent(imported.engine, feed, count, IMPORT_IN_FLIGHT)
    append5kImportMs = now() - start
  } finally {
    await imported.close()
  }
  log(`5k appends: sent as the CSV import sends them (${IMPORT_IN_FLIGHT} in flight) ${append5kImportMs.toFixed(0)} ms`)
  log(`5k appends: engine ${append5kMs.toFixed(0)} ms; now the same 5,000 into lowdb's JSONFile (quadratic: the longest part of the run)…`)
  const events: EventEnvelope[] = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(from - 1)
    .map(parseLine)
  const path = join(workDir, 'lowdb-events.json')
  const db = new Low<{ events: EventEnvelope[] }>(new JSONFile<{ events: EventEnvelope[] }>(path), { events: [] })
  await db.read()
  const start = now()
  for (const event of events) {
    db.data.events.push(event)
    await db.write()
  }
  const naiveLowdbMs5k = now() - start
  const lowdbFileBytes = statSync(path).size
  return { append5kMs, append5kImportMs, naiveLowdbMs5k, lowdbFileBytes }
}
