/**
 * The team sync load bench: `npm run bench:sync -- [--laptops N] [--events N] [--first N] [--json]`.
 * Starts a throwaway PostgreSQL cluster (Unix socket, fsync off: the figures are the protocol's and the
 * client's, not the disk's). N laptops, each its own process (bench-laptop.ts: a live engine over an
 * in-memory log, as the app runs it), each record their own pipeline, then all sync at the same time
 * through the one server: every laptop must end with every event once (0 lost, 0 doubled) and the same
 * Pipeline. Figures, each beside its baseline run by the same N processes on the same server with the same
 * events: `syncPushPerSec` (all laptops pushing at once) against a plain batched INSERT, `syncPullPerSec`
 * (all laptops pulling and ingesting the others' events) against a plain keyset-paged SELECT of as many
 * events each, and `firstSync100kMs`: a new workspace on disk (the sync service, sync.json, fsync per page)
 * joining a team whose log holds `--first` events, in a process of its own.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import { migrate } from '../../../main/sync/schema.ts'
import { removeCluster, startCluster } from '../../support/postgres.ts'
import type { LaptopStep } from './bench-laptop.ts'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const n = i < 0 ? fallback : Number(String(process.argv[i + 1]).replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a whole number`)
  return n
}

const laptops = option('laptops', 10)
const perLaptop = option('events', 10_000)
const firstSize = option('first', 100_000)
const json = process.argv.includes('--json')
const say = (line: string) => process.stderr.write(`${line}\n`)

/** A laptop process, asked one step at a time. */
interface Laptop {
  child: ChildProcess
  ask(step: LaptopStep): Promise<Record<string, unknown>>
}

/** Forks a laptop (-1: the newcomer) and waits until it is ready. */
async function start(n: number, url: string): Promise<Laptop> {
  const child = fork(join(import.meta.dirname, 'bench-laptop.ts'), [String(n), url, String(perLaptop)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let pending: { resolve(message: Record<string, unknown>): void; reject(error: Error): void } | null = null
  child.on('message', (message: Record<string, unknown>) => {
    if (message.error) pending?.reject(new Error(`laptop ${n}: ${String(message.error)}`))
    else pending?.resolve(message)
  })
  child.on('exit', (code) => pending?.reject(new Error(`laptop ${n} exited (${code})`)))
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
    pending = { resolve, reject }
  })
  await next()
  return { child, ask: (step) => { const reply = next(); child.send(step); return reply } }
}

/** Asks every laptop for the same step at once; answers the wall time until the last is done, and the answers. */
async function allAtOnce(team: readonly Laptop[], step: LaptopStep): Promise<{ ms: number; answers: Array<Record<string, unknown>> }> {
  const started = performance.now()
  const answers = await Promise.all(team.map((laptop) => laptop.ask(step)))
  return { ms: performance.now() - started, answers }
}

const cluster = await startCluster()
let team: Laptop[] = []
try {
  const url = await cluster.createDatabase('bench')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await migrate(admin)
  await admin.query('CREATE TABLE raw_events (position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, team text NOT NULL, stream text NOT NULL, version integer NOT NULL, type text NOT NULL, at text NOT NULL, data jsonb NOT NULL, meta jsonb NOT NULL, origin text NOT NULL, UNIQUE (team, stream, version))')
  await admin.query('CREATE INDEX raw_events_team ON raw_events (team, position)')

  say(`recording ${laptops} × ${perLaptop} events, one process per laptop…`)
  team = await Promise.all(Array.from({ length: laptops }, (_, n) => start(n, url)))
  await allAtOnce(team, { do: 'record' })
  const total = laptops * perLaptop

  say('pushing, all laptops at once…')
  const pushMs = (await allAtOnce(team, { do: 'push' })).ms
  // Both reads run on fresh statistics, so neither rate depends on when autovacuum last looked.
  await admin.query('ANALYZE stormbook.events')
  say('pulling, all laptops at once…')
  const pull = await allAtOnce(team, { do: 'pull' })
  const pullMs = pull.ms
  // A laptop that pulled before another had pushed everything catches up in one more round.
  await allAtOnce(team, { do: 'pull' })

  const ids = (await admin.query<{ n: string; distinct: string }>("SELECT count(*)::text AS n, count(DISTINCT event_id)::text AS distinct FROM stormbook.events WHERE team = 'bench'")).rows[0]
  const problems: string[] = []
  if (Number(ids.n) !== total || Number(ids.distinct) !== total) problems.push(`the server holds ${ids.n} events (${ids.distinct} distinct), not ${total}`)
  const checks = (await allAtOnce(team, { do: 'check' })).answers
  for (const [n, check] of checks.entries()) {
    if (check.lastPosition !== total || check.distinct !== total) problems.push(`laptop ${n} holds ${String(check.lastPosition)} events (${String(check.distinct)} distinct), not ${total}`)
    if (check.pipeline !== checks[0].pipeline) problems.push(`laptop ${n} shows another Pipeline`)
  }

  say('baselines: plain INSERT and SELECT of the same events by the same processes…')
  const insertMs = (await allAtOnce(team, { do: 'rawInsert' })).ms
  await admin.query('ANALYZE raw_events')
  const select = await allAtOnce(team, { do: 'rawSelect', each: total - perLaptop })
  const selectMs = select.ms
  const cpu = (answers: Array<Record<string, unknown>>) => Math.round(answers.reduce((sum, a) => sum + Number(a.cpuMs), 0))
  const waited = Math.round(pull.answers.reduce((sum, a) => sum + Number(a.serverMs), 0) / laptops)
  say(`laptops' CPU: pull ${cpu(pull.answers)} ms in ${Math.round(pullMs)} ms (each waited ${waited} ms for its pages), raw SELECT ${cpu(select.answers)} ms in ${Math.round(selectMs)} ms (the rest of 2 cores × wall: the server, other work)`)
  await Promise.all(team.map((laptop) => laptop.ask({ do: 'exit' }).catch(() => undefined)))
  team = []

  say(`first sync of a ${firstSize}-event team log into a new workspace on disk…`)
  let firstMs = 0
  if (firstSize <= total) {
    const newcomer = await start(-1, url)
    team = [newcomer]
    const first = await newcomer.ask({ do: 'first' })
    firstMs = Number(first.ms)
    if (first.pulled !== total) problems.push(`the newcomer pulled ${String(first.pulled)} events, not ${total}`)
  } else problems.push(`--first ${firstSize} is more than the ${total} events recorded: not measured`)
  const pushRate = (total / pushMs) * 1000
  const pullRate = (laptops * (total - perLaptop) / pullMs) * 1000
  const insertRate = (total / insertMs) * 1000
  const selectRate = (laptops * (total - perLaptop) / selectMs) * 1000
  await admin.end()
  const figures = {
    laptops, events: total, lost: total - Number(ids.distinct), doubled: Number(ids.n) - Number(ids.distinct),
    syncPushPerSec: Math.round(pushRate), rawInsertPerSec: Math.round(insertRate), syncPushRatio: Number((pushRate / insertRate).toFixed(2)),
    syncPullPerSec: Math.round(pullRate), rawSelectPerSec: Math.round(selectRate), syncPullRatio: Number((pullRate / selectRate).toFixed(2)),
    firstSync100kMs: Math.round(firstMs),
  }
  const line = (label: string, value: string, target: string) => process.stdout.write(`  ${label.padEnd(34)} ${value.padStart(22)}   ${target}\n`)
  process.stdout.write(`team sync load: ${laptops} laptops × ${perLaptop} events, all at once, one server\n`)
  line('lost / doubled', `${figures.lost} / ${figures.doubled}`, 'target 0 / 0, same Pipeline everywhere')
  line('syncPushPerSec (× raw INSERT)', `${figures.syncPushPerSec} (${figures.syncPushRatio}×)`, `raw ${figures.rawInsertPerSec}/s; target ≥ 0.5×`)
  line('syncPullPerSec (× raw SELECT)', `${figures.syncPullPerSec} (${figures.syncPullRatio}×)`, `raw ${figures.rawSelectPerSec}/s; target ≥ 0.5×`)
  line(`firstSync100kMs (${firstSize} events)`, `${figures.firstSync100kMs} ms`, 'target ≤ 10,000 ms')
  for (const p of problems) process.stdout.write(`  PROBLEM: ${p}\n`)
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`)
  if (problems.length > 0) process.exitCode = 1
} finally {
  for (const laptop of team) laptop.child.kill()
  await removeCluster(cluster)
}
