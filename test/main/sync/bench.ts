/**
 * The sync benchmark: `npm run bench:sync -- [--events N] [--per-stream K]`. Starts a throwaway
 * PostgreSQL cluster (Unix socket, fsync off: the figures are the protocol's and the client's, not the
 * disk's), fills a workspace with N events in streams of K, then times one laptop pushing them all, a
 * second laptop pulling them all, and an idle round. Prints events per second; removes everything after.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { SystemClock } from '../../../main/app/clock.ts'
import { FileEventStore } from '../../../main/store/file-store.ts'
import { migrate } from '../../../main/sync/schema.ts'
import { SyncServer } from '../../../main/sync/server.ts'
import { syncOnce } from '../../../main/sync/sync-client.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { openWorkspaceLog } from '../../../main/sync/workspace-log.ts'
import { removeCluster, startCluster } from '../../support/postgres.ts'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const n = i < 0 ? fallback : Number(process.argv[i + 1])
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a whole number`)
  return n
}

const events = option('events', 20_000)
const perStream = option('per-stream', 5)
const clock = new SystemClock()

/** A workspace whose log holds `events` events, `perStream` to a stream. */
async function filledWorkspace(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const store = new FileEventStore({ path: join(dir, 'events.jsonl'), readOnly: false, now: () => clock.now(), upcast: (e) => e })
  await store.open()
  for (let p = 1; p <= count; p++) {
    const stream = `Customer-c-${Math.ceil(p / perStream)}`
    store.appendToStream(stream, [{
      id: uuidv7(), type: 'CustomerNoteAdded', at: clock.now(),
      data: { customerId: stream.slice(9), note: `note ${p}` },
      meta: { context: 'sales', aggregate: 'Customer', command: 'AddNote', commandId: uuidv7(), actor: 'bench', policy: null, causationId: 'b', correlationId: `b-${p}`, schema: 1 },
    }])
  }
  await store.flush()
  await store.close()
}

async function timedRound(dir: string, url: string, state: SyncState) {
  const log = await openWorkspaceLog(dir, () => clock.now())
  const server = await SyncServer.connect(url)
  const started = performance.now()
  try {
    const report = await syncOnce({ log, server, state, clock, save: () => undefined })
    return { ms: performance.now() - started, report }
  } finally {
    await server.close()
    await log.close()
  }
}

const cluster = await startCluster()
const work = mkdtempSync(join(tmpdir(), 'stormbook-sync-bench-'))
try {
  const url = await cluster.createDatabase('bench')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await migrate(admin)
  await admin.end()
  const anna = join(work, 'anna')
  const ben = join(work, 'ben')
  await filledWorkspace(anna, events)
  await filledWorkspace(ben, 0)
  const state = (device: string): SyncState => ({ format: 1, team: 'bench', device, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })
  const annaState = state('anna')
  const push = await timedRound(anna, url, annaState)
  const pull = await timedRound(ben, url, state('ben'))
  const idle = await timedRound(anna, url, annaState)
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`
  process.stdout.write(`sync bench: ${events} events in streams of ${perStream}\n`)
  process.stdout.write(`  push  ${push.report.pushed} events in ${push.ms.toFixed(0)} ms (${rate(push.report.pushed, push.ms)}; one batch per stream)\n`)
  process.stdout.write(`  pull  ${pull.report.pulled} events in ${pull.ms.toFixed(0)} ms (${rate(pull.report.pulled, pull.ms)}; pages of 500, ingested and fsynced per page)\n`)
  process.stdout.write(`  idle round (nothing to push, its own events pulled back and skipped by id) ${idle.ms.toFixed(0)} ms\n`)
  if (push.report.pushed !== events || pull.report.pulled !== events) throw new Error('bench: not every event went through')
} finally {
  rmSync(work, { recursive: true, force: true })
  await removeCluster(cluster)
}
