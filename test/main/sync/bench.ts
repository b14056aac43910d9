/**
 * The team sync load bench: `npm run bench:sync -- [--laptops N] [--events N] [--first N] [--json]`.
 * Starts a throwaway PostgreSQL cluster (Unix socket, fsync off: the figures are the protocol's and the
 * client's, not the disk's). N laptops (live engines over in-memory logs, as the app runs them) each
 * record their own pipeline, then all sync at the same time through the one server: every laptop must
 * end with every event once (0 lost, 0 doubled) and the same Pipeline. Figures, each beside its baseline
 * on the same server: `syncPushPerSec` (all laptops pushing at once) against a plain batched INSERT of the
 * same events by as many clients, `syncPullPerSec` (all laptops pulling and ingesting the others' events)
 * against a plain batched SELECT of them, and `firstSyncMs`/`firstSync100kMs`: a new workspace on disk
 * (the sync service, sync.json, fsync per page) joining a team whose log holds `--first` events.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { migrate } from '../../../main/sync/schema.ts'
import { SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { syncOnce, type SyncServerPort } from '../../../main/sync/sync-client.ts'
import { openSyncService } from '../../../main/sync/sync-service.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { removeCluster, startCluster } from '../../support/postgres.ts'
import { EngineLog } from './engine-log.ts'

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
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const PAGE = 1000
const say = (line: string) => process.stderr.write(`${line}\n`)

/** A laptop's own pipeline: its customer and deals moved through their stages, `count` events in all. */
async function record(laptop: EngineLog, n: number, count: number): Promise<void> {
  const customerId = `c-${n}`
  await laptop.dispatch('RegisterCustomer', { customerId, name: `Customer ${n}` })
  const steps = (id: string, i: number): Array<[string, Record<string, unknown>]> => [
    ['CreateOpportunity', { opportunityId: id, customerId, name: `Deal ${id}`, kind: 'new', amount: String(1000 + (i % 97) * 10), closeDate: '2027-06-30', salesOwner: `rep-${n}` }],
    ['QualifyOpportunity', { opportunityId: id }],
    ['UpdateOpportunity', { opportunityId: id, amount: String(2000 + (i % 89) * 10) }],
    ['SendProposal', { opportunityId: id }],
    ['UpdateOpportunity', { opportunityId: id, amount: String(2500 + (i % 83) * 10) }],
  ]
  for (let i = 0; laptop.lastPosition < count; i++) {
    for (const [command, data] of steps(`o-${n}-${i}`, i)) {
      if (laptop.lastPosition >= count) break
      await laptop.dispatch(command, data)
    }
  }
}

/** The events as the server's columns, for the baselines. */
function rows(events: readonly SyncedEvent[]): unknown[][] {
  return events.map((e) => [e.id, 'raw', e.stream, e.version, e.type, e.at, JSON.stringify(e.data), JSON.stringify(e.meta), 'raw'])
}

/** Baseline: each client inserts its events with plain multi-row INSERTs of a page each. */
async function rawInsert(url: string, perClient: SyncedEvent[][]): Promise<number> {
  const started = performance.now()
  await Promise.all(perClient.map(async (events) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (let i = 0; i < events.length; i += PAGE) {
        const page = rows(events.slice(i, i + PAGE))
        const values = page.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ')
        await client.query(`INSERT INTO raw_events (event_id, team, stream, version, type, at, data, meta, origin) VALUES ${values}`, page.flat())
      }
    } finally {
      await client.end()
    }
  }))
  return performance.now() - started
}

/** Baseline: each client reads the others' events with plain keyset-paged SELECTs of a page each. */
async function rawSelect(url: string, clients: number, each: number): Promise<number> {
  const started = performance.now()
  await Promise.all(Array.from({ length: clients }, async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      let after = 0
      for (let read = 0; read < each;) {
        const { rows: page } = await client.query('SELECT position, event_id, stream, version, type, at, data, meta, origin FROM raw_events WHERE team = $1 AND position > $2 ORDER BY position LIMIT $3', ['raw', after, PAGE])
        if (page.length === 0) break
        read += page.length
        after = Number(page[page.length - 1].position)
      }
    } finally {
      await client.end()
    }
  }))
  return performance.now() - started
}

const fresh = (device: string): SyncState => ({ format: 1, team: 'bench', device, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })

/** Runs every laptop's round at once; `pushOnly` hides the server's events (a push phase alone). */
async function allAtOnce(url: string, team: Array<{ log: EngineLog; state: SyncState }>, pushOnly: boolean): Promise<number> {
  const started = performance.now()
  await Promise.all(team.map(async ({ log, state }) => {
    const server = await SyncServer.connect(url)
    const port: SyncServerPort = pushOnly ? { pushMany: (...a) => server.pushMany(...a), push: (...a) => server.push(...a), pull: async () => [] } : server
    try {
      await syncOnce({ log, server: port, state, clock, save: () => undefined, pageSize: PAGE })
    } finally {
      await server.close()
    }
  }))
  return performance.now() - started
}

const cluster = await startCluster()
const work = mkdtempSync(join(tmpdir(), 'stormbook-sync-bench-'))
try {
  const url = await cluster.createDatabase('bench')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await migrate(admin)
  await admin.query('CREATE TABLE raw_events (position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, team text NOT NULL, stream text NOT NULL, version integer NOT NULL, type text NOT NULL, at text NOT NULL, data jsonb NOT NULL, meta jsonb NOT NULL, origin text NOT NULL, UNIQUE (team, stream, version))')
  await admin.query('CREATE INDEX raw_events_team ON raw_events (team, position)')

  say(`recording ${laptops} × ${perLaptop} events…`)
  const team = Array.from({ length: laptops }, (_, n) => ({ log: new EngineLog(), state: fresh(`laptop-${n}`) }))
  for (const [n, laptop] of team.entries()) await record(laptop.log, n, perLaptop)
  const total = laptops * perLaptop

  say('pushing, all laptops at once…')
  const pushMs = await allAtOnce(url, team, true)
  say('pulling, all laptops at once…')
  const pullMs = await allAtOnce(url, team, false)
  // A laptop that pulled before another had pushed everything catches up in one more round.
  await allAtOnce(url, team, false)

  const ids = (await admin.query<{ n: string; distinct: string }>("SELECT count(*)::text AS n, count(DISTINCT event_id)::text AS distinct FROM stormbook.events WHERE team = 'bench'")).rows[0]
  const problems: string[] = []
  if (Number(ids.n) !== total || Number(ids.distinct) !== total) problems.push(`the server holds ${ids.n} events (${ids.distinct} distinct), not ${total}`)
  const pipeline = JSON.stringify(team[0].log.query('Pipeline'))
  for (const [n, { log }] of team.entries()) {
    const seen = new Set(log.store.readRange(1, log.lastPosition).map((e) => e.id))
    if (log.lastPosition !== total || seen.size !== total) problems.push(`laptop ${n} holds ${log.lastPosition} events (${seen.size} distinct), not ${total}`)
    if (JSON.stringify(log.query('Pipeline')) !== pipeline) problems.push(`laptop ${n} shows another Pipeline`)
  }

  say('baselines: plain INSERT and SELECT of the same events…')
  const perClient = team.map((_, n) => (team[n].log.store.readRange(1, total) as SyncedEvent[]).filter((e) => (e.stream.startsWith(`Opportunity-o-${n}-`) || e.stream === `Customer-c-${n}`)))
  const insertMs = await rawInsert(url, perClient)
  const selectMs = await rawSelect(url, laptops, total - perLaptop)

  say(`first sync of a ${firstSize}-event team log into a new workspace on disk…`)
  let firstMs = 0
  if (firstSize <= total) {
    const dir = join(work, 'newcomer')
    const ws = await openWorkspace(dir, { contexts, clock })
    const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined })
    await service.configure({ url, team: 'bench', everySeconds: 0 })
    const started = performance.now()
    const report = await service.syncNow()
    firstMs = performance.now() - started
    if (report.pulled !== total) problems.push(`the newcomer pulled ${report.pulled} events, not ${total}`)
    await service.close()
    await ws.close()
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
  rmSync(work, { recursive: true, force: true })
  await removeCluster(cluster)
}
