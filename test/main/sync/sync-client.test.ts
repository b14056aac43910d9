import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { SyncServer } from '../../../main/sync/server.ts'
import { syncOnce, type SyncServerPort } from '../../../main/sync/sync-client.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { usePostgres } from '../../support/postgres.ts'
import { EngineLog } from './engine-log.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''
let team = 0

beforeAll(async () => {
  url = await cluster().createTeamServer('client')
})

const fresh = (name: string, device: string): SyncState => ({ format: 1, team: name, device, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })

/** A running laptop: its engine, its sync state, and a round against the server (optionally wrapped). */
function laptop(name: string, device: string) {
  const log = new EngineLog()
  const state = fresh(name, device)
  return {
    log,
    state,
    saved: [] as number[],
    async sync(wrap: (server: SyncServerPort) => SyncServerPort = (s) => s) {
      const server = await SyncServer.connect(url)
      try {
        return await syncOnce({ log, server: wrap(server), state, clock, save: (s) => void this.saved.push(s.pushedUpTo), pageSize: 3 })
      } finally {
        await server.close()
      }
    },
  }
}

const deal = (opportunityId: string) => ({ opportunityId, customerId: 'acme', name: `Deal ${opportunityId}`, kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' })

/** Anna and Ben in a new team, Anna's customer Acme and deal o-1 pushed. */
async function annaSharedADeal() {
  const name = `client-${++team}`
  const anna = laptop(name, 'anna')
  const ben = laptop(name, 'ben')
  await anna.log.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  await anna.log.dispatch('CreateOpportunity', deal('o-1'))
  await anna.sync()
  return { name, anna, ben }
}

describe('a sync round on a laptop whose app stays open', () => {
  it('updates the live read models with what it pulls, in pages', async () => {
    const name = `client-${++team}`
    const anna = laptop(name, 'anna')
    const ben = laptop(name, 'ben')
    await anna.log.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    for (const id of ['o-1', 'o-2', 'o-3']) await anna.log.dispatch('CreateOpportunity', deal(id))
    await anna.sync()
    expect(await ben.sync()).toMatchObject({ pulled: 4, conflicts: [] })
    expect(ben.log.query('Pipeline')).toEqual(anna.log.query('Pipeline'))
    expect(ben.state.pushedUpTo).toBe(4)
  })

  it('never loses a command recorded while a round is pulling: it is pushed by the next round', async () => {
    const { anna, ben } = await annaSharedADeal()
    let slipped = false
    await ben.sync((server) => ({
      push: (...args) => server.push(...args),
      async pull(...args) {
        const page = await server.pull(...args)
        if (!slipped && page.length > 0) {
          slipped = true
          await ben.log.dispatch('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
        }
        return page
      },
    }))
    expect(slipped).toBe(true)
    expect(await ben.sync()).toMatchObject({ pushed: 1, duplicates: 2 })
    expect(await anna.sync()).toMatchObject({ pulled: 1 })
    // Same customers; listed in each laptop's own log order (Ben registered Globex before he pulled Acme).
    expect(anna.log.query('Customers')).toEqual(expect.arrayContaining(ben.log.query('Customers') as unknown[]))
    expect(anna.log.query('Customers')).toHaveLength(2)
  })

  it('pulls back none of its own events, except those a backup it was restored from lacks', async () => {
    const { name, anna, ben } = await annaSharedADeal()
    // A backup of Anna's workspace now: its log and its sync state.
    const backup = { events: anna.log.store.readRange(1, anna.log.lastPosition), state: structuredClone(anna.state) }
    await anna.log.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    await anna.log.dispatch('CreateOpportunity', deal('o-2'))
    await ben.log.dispatch('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
    const held: boolean[] = []
    const watch = (server: SyncServerPort): SyncServerPort => ({
      push: (...args) => server.push(...args),
      pushMany: (...args) => server.pushMany!(...args),
      async pull(...args) {
        const page = await server.pull(...args)
        held.push(...page.map((p) => p.held ?? false))
        return page
      },
    })
    expect(await anna.sync(watch)).toMatchObject({ pushed: 2, pulled: 0 })
    expect(held).toEqual([true, true]) // what she just pushed comes back bare
    await ben.sync()
    expect(await anna.sync(watch)).toMatchObject({ pulled: 1 })
    expect(held).toEqual([true, true, false]) // Ben's Globex in full

    // Anna's laptop restored from the backup: same device, her last two events only on the server.
    const restored = laptop(name, 'anna')
    await restored.log.ingest(backup.events)
    Object.assign(restored.state, backup.state)
    expect(await restored.sync()).toMatchObject({ pulled: 3, conflicts: [] })
    expect(restored.log.store.readRange(1, 5).map((e) => e.id)).toEqual(anna.log.store.readRange(1, 5).map((e) => e.id))
    expect(restored.log.query('Pipeline')).toEqual(anna.log.query('Pipeline'))
  })

  it('detects a conflict while pulling when its own unpushed events hold the version, and holds theirs back', async () => {
    const { anna, ben } = await annaSharedADeal()
    await ben.sync()
    await anna.log.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    await anna.sync()
    // Ben changed the deal too; his round pushes first (conflict), then pulls Anna's change and holds it.
    await ben.log.dispatch('UpdateOpportunity', { opportunityId: 'o-1', amount: '700' })
    const report = await ben.sync()
    expect(report.conflicts).toEqual([{ stream: 'Opportunity-o-1', base: 1, serverVersion: 2, theirs: [expect.objectContaining({ type: 'OpportunityQualified' })], detectedAt: clock.now() }])
    expect(ben.log.query('Opportunity', { opportunityId: 'o-1' })).toMatchObject({ stage: 'prospecting', amount: '700.00' })
    // Later changes to the conflicted deal stay here too; the rest of the team's work still arrives.
    await ben.log.dispatch('SendProposal', { opportunityId: 'o-1' }).catch(() => undefined)
    await anna.log.dispatch('CreateOpportunity', deal('o-2'))
    await anna.log.dispatch('QualifyOpportunity', { opportunityId: 'o-1' }).catch(() => undefined)
    await anna.sync()
    expect(await ben.sync()).toMatchObject({ pushed: 0, pulled: 1, conflicts: [{ stream: 'Opportunity-o-1', base: 1 }] })
  })

  it('saves its push progress a window at a time: a round cut short pushes only the rest next time', async () => {
    const name = `client-${++team}`
    const anna = laptop(name, 'anna')
    for (let i = 1; i <= 65; i++) await anna.log.dispatch('RegisterCustomer', { customerId: `c-${i}`, name: `C ${i}` })
    let pushes = 0
    await expect(anna.sync((server) => ({
      async push(...args) {
        if (++pushes > 60) throw Object.assign(new Error('the server went away'), { code: 'SYNC_SERVER_UNREACHABLE' })
        return server.push(...args)
      },
      pull: (...args) => server.pull(...args),
    }))).rejects.toMatchObject({ code: 'SYNC_SERVER_UNREACHABLE' })
    // Windows of 20 pages of 3: the first 60 events are pushed and saved as such.
    expect(anna.state.pushedUpTo).toBe(60)
    expect(anna.saved).toEqual([60])
    expect(await anna.sync()).toMatchObject({ pushed: 5, duplicates: 0 })
  })

  it('saves a pull every few pages: a round cut short between saves pulls again, losing and doubling nothing', async () => {
    const name = `client-${++team}`
    const anna = laptop(name, 'anna')
    const ben = laptop(name, 'ben')
    for (let i = 1; i <= 100; i++) await anna.log.dispatch('RegisterCustomer', { customerId: `c-${i}`, name: `C ${i}` })
    await anna.sync()
    const saved: SyncState[] = []
    let pulls = 0
    const server = await SyncServer.connect(url)
    try {
      // Pages of 3, saved after every fourth: the sixth call fails.
      await expect(syncOnce({
        log: ben.log, state: ben.state, clock, save: (s) => void saved.push(structuredClone(s)), pageSize: 3,
        server: {
          push: (...args) => server.push(...args),
          async pull(...args) {
            if (++pulls === 6) throw Object.assign(new Error('the server went away'), { code: 'SYNC_SERVER_UNREACHABLE' })
            return server.pull(...args)
          },
        },
      })).rejects.toMatchObject({ code: 'SYNC_SERVER_UNREACHABLE' })
    } finally {
      await server.close()
    }
    expect(ben.log.lastPosition).toBe(15)
    expect(saved.at(-1)).toMatchObject({ pushedUpTo: 12 })
    // The laptop restarts from what was saved: the 3 events after it are pulled again (skipped) and pushed again (duplicates).
    Object.assign(ben.state, saved.at(-1))
    expect(await ben.sync()).toMatchObject({ pushed: 0, duplicates: 3, pulled: 85, conflicts: [] })
    expect(ben.log.lastPosition).toBe(100)
    expect(new Set(ben.log.store.readRange(1, 100).map((e) => e.id)).size).toBe(100)
    const { rows } = await cluster().sql('SELECT count(*)::int AS n FROM stormbook.events WHERE team = $1', [name], 'client')
    expect(rows[0].n).toBe(100)
    expect(ben.log.query('Customers')).toEqual(anna.log.query('Customers'))
  })
})
