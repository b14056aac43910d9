/**
 * The laptop's half of the pull alone, without a server: `npx tsx test/main/sync/bench-ingest.ts [--events N]
 * [--page N] [--disk]`. One engine records N events (ten reps' pipelines), then a second laptop (a live
 * engine over an in-memory log, or `--disk`: a workspace on disk) takes them in a page at a time through
 * `engineLog.ingest` with the server's versions kept, as a pull does. Prints events/s; run it under
 * `node --cpu-prof` to see where the laptop's time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { engineLog } from '../../../main/sync/engine-log.ts'
import type { SyncedEvent } from '../../../main/sync/server.ts'
import { EngineLog } from './engine-log.ts'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}
const count = option('events', 20_000)
const page = option('page', 1000)

const source = new EngineLog()
for (let rep = 0; rep < 10; rep++) {
  await source.dispatch('RegisterCustomer', { customerId: `c-${rep}`, name: `Customer ${rep}` })
}
for (let i = 0; source.lastPosition < count; i++) {
  const rep = i % 10
  const id = `o-${i}`
  await source.dispatch('CreateOpportunity', { opportunityId: id, customerId: `c-${rep}`, name: `Deal ${id}`, kind: 'new', amount: String(1000 + (i % 97) * 10), closeDate: '2027-06-30', salesOwner: `rep-${rep}` })
  await source.dispatch('QualifyOpportunity', { opportunityId: id })
  await source.dispatch('UpdateOpportunity', { opportunityId: id, amount: String(2000 + (i % 89) * 10) })
  await source.dispatch('SendProposal', { opportunityId: id })
  await source.dispatch('UpdateOpportunity', { opportunityId: id, amount: String(2500 + (i % 83) * 10) })
}
// As the server sends them: parsed from JSON, without local positions.
const events: SyncedEvent[] = source.store.readRange(1, source.lastPosition).map((e) => JSON.parse(JSON.stringify({ id: e.id, stream: e.stream, version: e.version, type: e.type, at: e.at, data: e.data, meta: e.meta })) as SyncedEvent)

const work = mkdtempSync(join(tmpdir(), 'stormbook-ingest-bench-'))
try {
  const disk = process.argv.includes('--disk') ? await openWorkspace(join(work, 'w'), { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') }) : null
  const target = disk ? engineLog(disk.engine) : new EngineLog()
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < events.length; i += page) await target.ingest(events.slice(i, i + page))
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  if (target.lastPosition !== events.length) throw new Error(`took in ${target.lastPosition} of ${events.length}`)
  process.stdout.write(`ingested ${events.length} events in pages of ${page}${disk ? ' (on disk)' : ''}: ${ms.toFixed(0)} ms, ${Math.round((events.length / ms) * 1000)} events/s; CPU ${cpuMs.toFixed(0)} ms, ${Math.round((events.length / cpuMs) * 1000)} events per CPU second\n`)
  await disk?.close()
} finally {
  rmSync(work, { recursive: true, force: true })
}
