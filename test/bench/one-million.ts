/**
 * The 1,000,000-event figures on their own, without the whole bench (which takes many minutes more):
 *
 *   npx tsx test/bench/one-million.ts build <dir> [--events N] [--seed S]   builds <dir>/events.jsonl once
 *   node --expose-gc --import tsx test/bench/one-million.ts measure <dir> [--queries Q]
 *
 * `measure` works on a copy of <dir>/events.jsonl (in <dir>-run, removed at the end): parse baseline (median of 3),
 * first open (no checkpoints), checkpoints/ size, second open, Q random Pipeline asOf queries at once, then
 * Q more once the time-travel states the engine builds in the background after opening are ready.
 * Every figure comes with its CPU time (process.cpuUsage) and the load average, since wall time on a
 * shared machine says little.
 */
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { measureAsOf, openBench, parseEveryLine } from './figures/log.ts'
import { collectGarbage, fmt, fmtBytes, folderBytes, log, now } from './util.ts'
import { buildSalesLog } from './workload.ts'

/** Wall and CPU milliseconds of an async step. */
async function timed<T>(what: string, step: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  collectGarbage()
  const cpu = process.cpuUsage()
  const start = now()
  const value = await step()
  const wallMs = now() - start
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  log(`${what}: ${fmt(wallMs)} ms wall, ${fmt(cpuMs)} ms CPU, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  return { value, wallMs, cpuMs }
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name)
  return at >= 0 ? Number(args[at + 1].replace(/[_,]/g, '')) : fallback
}

async function build(dir: string, args: string[]): Promise<void> {
  const events = option(args, '--events', 1_000_000)
  const start = now()
  await buildSalesLog(dir, events, option(args, '--seed', 7), (done) => log(`built ${fmt(done)} (${fmt((now() - start) / 1000)} s)`))
  log(`built ${fmt(events)} events in ${fmt((now() - start) / 1000)} s`)
}

async function measure(source: string, args: string[]): Promise<void> {
  const queries = option(args, '--queries', 200)
  const dir = `${source}-run`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
  copyFileSync(join(source, 'events.jsonl'), join(dir, 'events.jsonl'))
  const logBytes = statSync(join(dir, 'events.jsonl')).size
  try {
    // The baseline's median of three: a single read of a 600 MB file varies by a third on a shared machine.
    const parses = []
    for (let i = 1; i <= 3; i++) parses.push(await timed(`parse baseline ${i}/3`, () => parseEveryLine(join(dir, 'events.jsonl'))))
    const parse = [...parses].sort((a, b) => a.wallMs - b.wallMs)[1]
    const events = parse.value
    const first = await timed('first open + close', async () => {
      const ws = await openBench(dir)
      await ws.close()
    })
    const checkpointBytes = folderBytes(join(dir, 'checkpoints'))
    const second = await timed('second open', () => openBench(dir))
    const ws = second.value
    const cold = await timed(`${queries} Pipeline asOf queries at once after opening`, async () => measureAsOf(ws.engine, events, queries, 11))
    const ready = await timed('time-travel states built in the background', () => ws.engine.timeTravelReady())
    const asOf = await timed(`${queries} Pipeline asOf queries once they are`, async () => measureAsOf(ws.engine, events, queries, 13))
    await ws.close()
    const figures = {
      events,
      loadAverage: loadavg()[0],
      parseBaselineMs: Math.round(parse.wallMs),
      parseBaselineCpuMs: Math.round(parse.cpuMs),
      firstOpenMs: Math.round(first.wallMs),
      firstOpenCpuMs: Math.round(first.cpuMs),
      firstOpenRatio: +(first.wallMs / parse.wallMs).toFixed(2),
      firstOpenCpuRatio: +(first.cpuMs / parse.cpuMs).toFixed(2),
      openMs: Math.round(second.wallMs),
      openCpuMs: Math.round(second.cpuMs),
      checkpointBytes,
      logBytes,
      checkpointRatio: +(checkpointBytes / logBytes).toFixed(3),
      asOfP95Ms: +asOf.value.asOfP95Ms.toFixed(1),
      asOfMedianMs: +asOf.value.asOfMedianMs.toFixed(1),
      asOfMaxMs: +asOf.value.asOfMaxMs.toFixed(1),
      asOfCpuMsPerQuery: +(asOf.cpuMs / queries).toFixed(1),
      timeTravelReadyMs: Math.round(ready.wallMs),
      timeTravelReadyCpuMs: Math.round(ready.cpuMs),
      asOfColdP95Ms: +cold.value.asOfP95Ms.toFixed(1),
      asOfColdMedianMs: +cold.value.asOfMedianMs.toFixed(1),
      asOfColdCpuMsPerQuery: +(cold.cpuMs / queries).toFixed(1),
    }
    log(`checkpoints ${fmtBytes(checkpointBytes)} beside a ${fmtBytes(logBytes)} log`)
    process.stdout.write(`${JSON.stringify(figures)}\n`)
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true })
  }
}

const [mode, dir, ...rest] = process.argv.slice(2)
if ((mode !== 'build' && mode !== 'measure') || !dir) {
  process.stderr.write('usage: one-million.ts build|measure <dir> [--events N] [--seed S] [--queries Q] [--keep]\n')
  process.exit(2)
}
await (mode === 'build' ? build(resolve(dir), rest) : measure(resolve(dir), rest))
