/**
 * One laptop's pull alone, beside the same process's plain SELECT of the same rows:
 * `npx tsx test/main/sync/bench-pull-one.ts [--events N] [--page N]`. A throwaway PostgreSQL; one laptop
 * records N events and pushes them; then a new laptop (a live engine over an in-memory log) pulls them all
 * (`syncOnce`; `--disk`: a new workspace on disk, as a first sync), and the same process reads them by a keyset-paged SELECT of the server's table. Prints wall
 * and CPU time of each (no other laptop shares the server or the cores): run it under `node --cpu-prof`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { engineLog } from '../../../main/sync/engine-log.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { migrate } from '../../../main/sync/schema.ts'
import { SyncServer } from '../../../main/sync/server.ts'
import { syncOnce } from '../../../main/sync/sync-client.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { removeCluster, startCluster } from '../../support/postgres.ts'
import { EngineLog } from './engine-log.ts'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}
const count = option('events', 20_000)
const page = option('page', 1000)
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const stateOf = (device: string): SyncState => ({ format: 1, team: 'bench', device, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })

/** Wall and CPU milliseconds of `work`. */
async function timed(work: () => Promise<unknown>): Promise<string> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  await work()
  const used = process.cpuUsage(cpu)
  const ms = performance.now() - started
  const cpuMs = (used.user + used.system) / 1000
  return `${ms.toFixed(0)} ms (${Math.round((count / ms) * 1000)}/s), CPU ${cpuMs.toFixed(0)} ms`
}

const cluster = await startCluster()
try {
  const url = await cluster.createDatabase('bench')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await migrate(admin)
  const source = new EngineLog()
  await source.dispatch('RegisterCustomer', { customerId: 'c', name: 'Customer' })
  for (let i = 0; source.lastPosition < count; i++) {
    const id = `o-${i}`
    await source.dispatch('CreateOpportunity', { opportunityId: id, customerId: 'c', name: `Deal ${id}`, kind: 'new', amount: String(1000 + (i % 97) * 10), closeDate: '2027-06-30', salesOwner: 'rep' })
    await source.dispatch('QualifyOpportunity', { opportunityId: id })
    await source.dispatch('UpdateOpportunity', { opportunityId: id, amount: String(2000 + (i % 89) * 10) })
    await source.dispatch('SendProposal', { opportunityId: id })
    await source.dispatch('UpdateOpportunity', { opportunityId: id, amount: String(2500 + (i % 83) * 10) })
  }
  const pusher = await SyncServer.connect(url)
  await syncOnce({ log: source, server: { pushMany: (...a) => pusher.pushMany(...a), push: (...a) => pusher.push(...a), pull: async () => [] }, state: stateOf('source'), clock, save: () => undefined, pageSize: page })
  await pusher.close()
  await admin.query('ANALYZE stormbook.events')

  // The server's side alone: the same pages by stormbook.pull, nothing ingested.
  const alone = await SyncServer.connect(url)
  process.stdout.write(`stormbook.pull alone:               ${await timed(async () => {
    for (let after = { tx: '0', position: '0' }; ;) {
      const rows = await alone.pull('bench', after, page)
      if (rows.length === 0) break
      after = rows[rows.length - 1].cursor
    }
  })}\n`)
  await alone.close()

  // --disk: the laptop is a new workspace on disk (events.jsonl, checkpoints), as a first sync is
  const work = mkdtempSync(join(tmpdir(), 'stormbook-pull-one-'))
  const ws = process.argv.includes('--disk') ? await openWorkspace(join(work, 'w'), { contexts, clock }) : null
  const laptop = ws ? engineLog(ws.engine) : new EngineLog()
  const server = await SyncServer.connect(url)
  process.stdout.write(`pull of ${count} events, pages of ${page}: ${await timed(() => syncOnce({ log: laptop, server, state: stateOf('laptop'), clock, save: () => undefined, pageSize: page }))}\n`)
  await server.close()
  if (laptop.lastPosition !== source.lastPosition) throw new Error(`pulled ${laptop.lastPosition} of ${source.lastPosition}`)
  await ws?.close()
  rmSync(work, { recursive: true, force: true })

  const reader = new pg.Client({ connectionString: url })
  reader.on('error', (error) => process.stderr.write(`reader: ${error.message}\n`))
  await reader.connect()
  process.stdout.write(`raw SELECT of the same rows:        ${await timed(async () => {
    let after = 0
    for (;;) {
      const { rows } = await reader.query('SELECT position, event_id, stream, version, type, at, data, meta, origin FROM stormbook.events WHERE team = $1 AND position > $2 ORDER BY position LIMIT $3', ['bench', after, page])
      if (rows.length === 0) break
      after = Number(rows[rows.length - 1].position)
    }
  })}\n`)
  await reader.end()
  await admin.end()
} finally {
  await removeCluster(cluster)
}
