/**
 * One laptop of the team sync load bench (test/main/sync/bench.ts), in its own process so the figures
 * measure the protocol and the server, not ten laptops sharing one event loop and one heap. Forked with an
 * IPC channel; argv: the laptop's number (-1: the newcomer), the server URL, its events. It answers each
 * message `{do}` with `{done: true, …}` once the step is over (or `{error}`); the coordinator times the
 * steps of all laptops together. Its baseline steps (`rawInsert`, `rawSelect`) run the same events through
 * the same server by the same process, with plain batched INSERT and keyset SELECT.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { syncOnce, type SyncServerPort } from '../../../main/sync/sync-client.ts'
import { openSyncService } from '../../../main/sync/sync-service.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { EngineLog } from './engine-log.ts'

/** A step the coordinator asks for. */
export type LaptopStep =
  | { do: 'record' } | { do: 'push' } | { do: 'pull' } | { do: 'check' } | { do: 'rawInsert' }
  | { do: 'rawSelect'; each: number } | { do: 'first' } | { do: 'exit' }

/** Events per call, pull page and baseline statement. */
export const PAGE = 1000

const [n, url, count] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])]
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const log = new EngineLog()
const state: SyncState = { format: 1, team: 'bench', device: `laptop-${n}`, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null }

/** This laptop's own pipeline: its customer and deals moved through their stages, `count` events in all. */
async function record(): Promise<void> {
  const customerId = `c-${n}`
  await log.dispatch('RegisterCustomer', { customerId, name: `Customer ${n}` })
  const steps = (id: string, i: number): Array<[string, Record<string, unknown>]> => [
    ['CreateOpportunity', { opportunityId: id, customerId, name: `Deal ${id}`, kind: 'new', amount: String(1000 + (i % 97) * 10), closeDate: '2027-06-30', salesOwner: `rep-${n}` }],
    ['QualifyOpportunity', { opportunityId: id }],
    ['UpdateOpportunity', { opportunityId: id, amount: String(2000 + (i % 89) * 10) }],
    ['SendProposal', { opportunityId: id }],
    ['UpdateOpportunity', { opportunityId: id, amount: String(2500 + (i % 83) * 10) }],
  ]
  for (let i = 0; log.lastPosition < count; i++) {
    for (const [command, data] of steps(`o-${n}-${i}`, i)) {
      if (log.lastPosition >= count) break
      await log.dispatch(command, data)
    }
  }
}

/**
 * One round; `pushOnly` hides the server's events (the push phase alone). Answers the milliseconds spent
 * waiting for the server's pages (`serverMs`), the rest of the round being this laptop's own work.
 */
async function round(pushOnly: boolean): Promise<{ serverMs: number }> {
  const server = await SyncServer.connect(url)
  let serverMs = 0
  const pull: SyncServerPort['pull'] = async (...a) => {
    const started = performance.now()
    const page = await server.pull(...a)
    serverMs += performance.now() - started
    return page
  }
  const port: SyncServerPort = { pushMany: (...a) => server.pushMany(...a), push: (...a) => server.push(...a), pull: pushOnly ? async () => [] : pull, count: (...a) => server.count(...a) }
  try {
    await syncOnce({ log, server: port, state, clock, save: () => undefined, pageSize: PAGE })
    return { serverMs }
  } finally {
    await server.close()
  }
}

/** This laptop's own events (what it recorded, not what it pulled), as the server's columns. */
function ownRows(): unknown[][] {
  const own = (log.store.readRange(1, log.lastPosition) as SyncedEvent[]).filter((e) => e.stream.startsWith(`Opportunity-o-${n}-`) || e.stream === `Customer-c-${n}`)
  return own.map((e) => [e.id, 'raw', e.stream, e.version, e.type, e.at, JSON.stringify(e.data), JSON.stringify(e.meta), 'raw'])
}

/** Runs `work` on a fresh connection (as a round does: connecting is part of the step). */
async function withClient(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end()
  }
}

/** Baseline: this laptop's events by plain multi-row INSERTs of a page each. */
async function rawInsert(rows: unknown[][]): Promise<void> {
  await withClient(async (client) => {
    for (let i = 0; i < rows.length; i += PAGE) {
      const page = rows.slice(i, i + PAGE)
      const values = page.map((_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ')
      await client.query(`INSERT INTO raw_events (event_id, team, stream, version, type, at, data, meta, origin) VALUES ${values}`, page.flat())
    }
  })
}

/** Baseline: `each` of the team's events by plain keyset-paged SELECTs of a page each. */
async function rawSelect(each: number): Promise<void> {
  await withClient(async (client) => {
    let after = 0
    for (let read = 0; read < each;) {
      const { rows: page } = await client.query('SELECT position, event_id, stream, version, type, at, data, meta, origin FROM raw_events WHERE team = $1 AND position > $2 ORDER BY position LIMIT $3', ['raw', after, PAGE])
      if (page.length === 0) break
      read += page.length
      after = Number(page[page.length - 1].position)
    }
  })
}

/** The newcomer: a new workspace on disk joins the team through the sync service; answers the time of its first sync. */
async function firstSync(): Promise<{ ms: number; pulled: number }> {
  const work = mkdtempSync(join(tmpdir(), 'stormbook-sync-bench-'))
  try {
    const dir = join(work, 'newcomer')
    const ws = await openWorkspace(dir, { contexts, clock })
    const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined })
    await service.configure({ url, team: 'bench', everySeconds: 0 })
    const started = performance.now()
    const report = await service.syncNow()
    const ms = performance.now() - started
    await service.close()
    await ws.close()
    return { ms, pulled: report.pulled }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

let rows: unknown[][] = []

async function step(message: LaptopStep): Promise<Record<string, unknown>> {
  switch (message.do) {
    case 'record': await record(); rows = ownRows(); return {}
    case 'push': return round(true)
    case 'pull': return round(false)
    case 'check': {
      const ids = new Set(log.store.readRange(1, log.lastPosition).map((e) => e.id))
      return { lastPosition: log.lastPosition, distinct: ids.size, pipeline: JSON.stringify(log.query('Pipeline')) }
    }
    case 'rawInsert': await rawInsert(rows); return {}
    case 'rawSelect': await rawSelect(message.each); return {}
    case 'first': return firstSync()
    case 'exit': setImmediate(() => process.exit(0)); return {}
  }
}

process.on('message', (message: LaptopStep) => {
  const cpu = process.cpuUsage()
  step(message).then(
    // cpuMs: this process's CPU time in the step (the coordinator tells the laptops' share from the server's)
    (answer) => {
      const used = process.cpuUsage(cpu)
      return process.connected && process.send!({ done: true, cpuMs: (used.user + used.system) / 1000, ...answer })
    },
    (error: Error) => process.connected && process.send!({ error: `${error.message}\n${error.stack}` }),
  )
})
process.send!({ ready: true })
