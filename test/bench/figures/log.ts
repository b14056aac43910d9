import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sales } from '../../../domain/sales/index.ts'
import { SystemClock } from '../../../main/app/clock.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { collectGarbage, log, median, now, quantile, Rng } from '../util.ts'
import { EditFeed, openDeals } from '../workload.ts'

const run = promisify(execFile)

/** Opens a workspace of the bench with the app's options. */
export function openBench(dir: string): Promise<Workspace> {
  return openWorkspace(dir, { contexts: [sales], clock: new SystemClock() })
}

/**
 * The parse baseline: read events.jsonl in 8 MB chunks (as the store does) and JSON.parse every line;
 * nothing kept. Returns the number of lines, so nothing is optimised away.
 */
export async function parseEveryLine(path: string): Promise<number> {
  const handle = await open(path, 'r')
  try {
    const total = (await handle.stat()).size
    const chunk = 8 * 1024 * 1024
    // One buffer, the unfinished line moved to its front before the next read (as the store's scan does).
    const buf = Buffer.allocUnsafe(chunk + 1024 * 1024)
    let carry = 0
    let lines = 0
    let checksum = 0
    for (let read = 0; read < total; ) {
      const { bytesRead } = await handle.read(buf, carry, Math.min(chunk, total - read), read)
      if (bytesRead === 0) break
      read += bytesRead
      const view = buf.subarray(0, carry + bytesRead)
      let start = 0
      for (let nl = view.indexOf(10, start); nl >= 0; nl = view.indexOf(10, start)) {
        const event = JSON.parse(view.toString('utf8', start, nl)) as { position: number }
        checksum += event.position
        lines++
        start = nl + 1
      }
      buf.copyWithin(0, start, view.length)
      carry = view.length - start
    }
    if (checksum !== (lines * (lines + 1)) / 2) throw new Error('parse baseline: positions do not add up')
    return lines
  } finally {
    await handle.close()
  }
}

/** openMs and parseBaselineMs, in interleaved rounds. */
export interface OpenFigures {
  openMs: number
  parseBaselineMs: number
  rounds: { open: number[]; parse: number[] }
}

/** Second and later opens (checkpoints in place) against the raw read + parse of the same log. */
export async function measureOpen(dir: string, events: number, rounds: number): Promise<OpenFigures> {
  const times = { open: [] as number[], parse: [] as number[] }
  // In a function of its own, so the closed workspace is garbage by the time the next section runs.
  const timedOpen = async () => {
    const start = now()
    const ws = await openBench(dir)
    const took = now() - start
    if (ws.engine.store.lastPosition !== events || ws.report.resumed !== 0) throw new Error(`open: ${ws.engine.store.lastPosition} events, ${ws.report.resumed} resumed`)
    await ws.close()
    return took
  }
  for (let r = 0; r < rounds; r++) {
    collectGarbage()
    times.open.push(await timedOpen())
    collectGarbage()
    const start = now()
    const lines = await parseEveryLine(join(dir, 'events.jsonl'))
    times.parse.push(now() - start)
    if (lines !== events) throw new Error(`parse baseline: ${lines} lines, not ${events}`)
    log(`open round ${r + 1}/${rounds}: open ${times.open[r].toFixed(0)} ms, read+parse ${times.parse[r].toFixed(0)} ms`)
  }
  return { openMs: median(times.open), parseBaselineMs: median(times.parse), rounds: times }
}

/** heapBytes (child process, after gc) and logBytes. */
export interface HeapFigures {
  heapBytes: number
  logBytes: number
}

/** Opens the workspace in a fresh `node --expose-gc` process and reads its heap after a full gc. */
export async function measureHeap(repoRoot: string, dir: string, events: number): Promise<HeapFigures> {
  const child = join(repoRoot, 'test', 'bench', 'heap-child.ts')
  const { stdout } = await run(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', child, dir], {
    cwd: repoRoot,
    maxBuffer: 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { heapUsed: number; lastPosition: number }
  if (result.lastPosition !== events) throw new Error(`heap child opened ${result.lastPosition} events, not ${events}`)
  return { heapBytes: result.heapUsed, logBytes: statSync(join(dir, 'events.jsonl')).size }
}

/** asOfP95Ms: Pipeline as of random positions. */
export interface AsOfFigures {
  asOfP95Ms: number
  asOfMedianMs: number
  asOfMaxMs: number
  queries: number
  /** Set by measureLive: how long after opening the dense time-travel states were ready (the queries wait for them). */
  readyMs?: number
}

export function measureAsOf(engine: Engine, events: number, queries: number, seed: number): AsOfFigures {
  const rng = new Rng(seed)
  const times: number[] = []
  for (let i = 0; i < queries; i++) {
    const asOf = rng.int(1, events - 1)
    const start = now()
    const result = engine.query('Pipeline', {}, { asOf })
    times.push(now() - start)
    if (!result.ok) throw new Error(`Pipeline asOf ${asOf}: ${result.error.code} ${result.error.message}`)
  }
  return { asOfP95Ms: quantile(times, 0.95), asOfMedianMs: median(times), asOfMaxMs: Math.max(...times), queries }
}

/** Median dispatch latencies in a small and a large log. */
export interface LatencyFigures {
  appendLatencySmallMs: number
  appendLatencyLargeMs: number
  samples: number
}

/**
 * One durable UpdateOpportunity on a random open deal, alternately in the 1,000-event workspace and in
 * the N-event one (both open side by side), `samples` each after a warm-up: median latencies.
 */
export async function measureLatency(small: Engine, large: Engine, samples: number, warmup: number): Promise<LatencyFigures> {
  const feeds = [new EditFeed(openDeals(small), 31), new EditFeed(openDeals(large), 32)]
  const engines = [small, large]
  const times: number[][] = [[], []]
  for (let i = 0; i < warmup + samples; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const start = now()
      const result = await engines[k].dispatch(feeds[k].next())
      const took = now() - start
      if (!result.ok) throw new Error(`latency: ${result.error.code} ${result.error.message}`)
      if (i >= warmup) times[k].push(took)
    }
  }
  return { appendLatencySmallMs: median(times[0]), appendLatencyLargeMs: median(times[1]), samples }
}

/**
 * The figures taken with both workspaces open: asOf on the large one, then latency on both. The
 * workspaces are closed (and unreachable) when this returns.
 */
export async function measureLive(largeDir: string, smallDir: string, events: number, seed: number): Promise<{ asOf: AsOfFigures; latency: LatencyFigures }> {
  const large = await openBench(largeDir)
  const small = await openBench(smallDir)
  try {
    // The time-travel states the engine builds in the background after opening (main/app/as-of-ladder.ts)
    const readyStart = now()
    await large.engine.timeTravelReady()
    const readyMs = now() - readyStart
    log(`asOf: time-travel states ready ${readyMs.toFixed(0)} ms after opening; Pipeline as of 200 random positions…`)
    const asOf = { ...measureAsOf(large.engine, events, 200, seed + 2), readyMs }
    log('latency: durable edits alternately in the 1,000-event and the N-event log…')
    const latency = await measureLatency(small.engine, large.engine, 300, 30)
    return { asOf, latency }
  } finally {
    await small.close()
    await large.close()
  }
}
