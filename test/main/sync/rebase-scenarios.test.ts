import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { openSyncService } from '../../../main/sync/sync-service.ts'
import { readSyncState } from '../../../main/sync/sync-state.ts'
import { usePostgres } from '../../support/postgres.ts'
import { laptopsClosedAfterEach } from '../../support/sync-laptops.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''
let teams = 0

beforeAll(async () => {
  url = await cluster().createTeamServer('rebase')
})

const open = laptopsClosedAfterEach()

/** A rep's laptop with the app open and team sync configured (synced only when asked). */
async function laptop(team: string, rep: string, checkpointEvery?: number) {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock, checkpointEvery })
  const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined })
  open.push({ ws, service })
  await service.configure({ url, team, everySeconds: 0 })
  return {
    dir, ws, service,
    async dispatch(command: string, data: Record<string, unknown>) {
      const result = await ws.engine.dispatch({ command, data, actor: rep })
      expect(result.ok, JSON.stringify(result)).toBe(true)
    },
    query(name: string, params: Record<string, unknown> = {}) {
      const answer = ws.engine.query(name, params)
      if (!answer.ok) throw new Error(JSON.stringify(answer.error))
      return answer.value
    },
  }
}

type Laptop = Awaited<ReturnType<typeof laptop>>

const deal = (opportunityId: string, name: string) => ({ opportunityId, customerId: 'acme', name, kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' })

/** Anna and Ben share Acme and one deal, both synced. */
async function team(checkpointEvery?: number): Promise<{ anna: Laptop; ben: Laptop }> {
  const name = `rebase-${++teams}`
  const anna = await laptop(name, 'anna')
  const ben = await laptop(name, 'ben', checkpointEvery)
  await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  await anna.dispatch('CreateOpportunity', deal('o-1', 'Rollout'))
  await anna.service.syncNow()
  await ben.service.syncNow()
  return { anna, ben }
}

/** What both reps see of the team's deals. */
const view = (l: Laptop) => ({ pipeline: l.query('Pipeline'), deal: l.query('Opportunity', { opportunityId: 'o-1' }) })

describe('the same deal changed on two laptops', () => {
  it('rebases: what is still valid is pushed again, what their change refused waits in Conflicts until discarded', async () => {
    const { anna, ben } = await team()
    await anna.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    await anna.service.syncNow()
    // Ben, offline, qualifies the same deal and lowers its amount.
    await ben.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    await ben.dispatch('UpdateOpportunity', { opportunityId: 'o-1', amount: '700' })

    expect(await ben.service.syncNow()).toMatchObject({ rebased: 1, refused: 1, conflicts: [] })
    expect(ben.service.status()).toMatchObject({ state: 'conflicts', conflicts: 1, pending: 0 })
    const [conflict] = ben.service.conflicts()
    expect(conflict).toMatchObject({ command: 'QualifyOpportunity', actor: 'ben', data: { opportunityId: 'o-1' }, code: 'NOT_PROSPECTING' })
    expect(conflict.message).toMatch(/o-1 is in qualification, not prospecting/)
    expect(conflict.theirs.map((e) => [e.type, e.meta.actor])).toEqual([['OpportunityQualified', 'anna']])

    expect(await ben.service.discard(conflict.id)).toMatchObject({ state: 'synced', conflicts: 0 })
    const archived = { ...conflict, archivedAt: clock.now(), outcome: 'discarded' }
    expect(ben.service.conflicts()).toEqual([archived])
    expect(readSyncState(ben.dir)?.archive).toEqual([expect.objectContaining({ id: conflict.id, command: 'QualifyOpportunity', outcome: 'discarded', code: 'NOT_PROSPECTING' })])
    // After a restart the Conflicts panel still lists it, archived.
    await ben.service.close()
    const restarted = openSyncService({ workspaceDir: ben.dir, engine: ben.ws.engine, clock: () => clock.now(), password: async () => undefined })
    open.find((o) => o.ws === ben.ws)!.service = restarted
    expect(restarted.conflicts()).toEqual([archived])
    expect(restarted.status()).toMatchObject({ conflicts: 0 })

    await anna.service.syncNow()
    expect(view(anna)).toMatchObject({ deal: { stage: 'qualification', amount: '700.00' } })
    expect(view(ben)).toEqual(view(anna))
  })

  it('an edited retry is decided again and pushed: the deal both created under one id gets its own', async () => {
    const { anna, ben } = await team()
    await anna.dispatch('CreateOpportunity', deal('o-9', 'Renewal'))
    await anna.service.syncNow()
    await ben.dispatch('CreateOpportunity', deal('o-9', 'Training'))
    expect(await ben.service.syncNow()).toMatchObject({ refused: 1 })
    const [conflict] = ben.service.conflicts()
    expect(conflict).toMatchObject({ command: 'CreateOpportunity', code: 'OPPORTUNITY_EXISTS', data: { opportunityId: 'o-9', name: 'Training' } })

    // Retried as it was: refused again by the same rule, and still listed.
    await expect(ben.service.retry(conflict.id, conflict.data)).rejects.toMatchObject({ code: 'OPPORTUNITY_EXISTS' })
    expect(ben.service.conflicts()).toHaveLength(1)

    expect(await ben.service.retry(conflict.id, { ...conflict.data, opportunityId: 'o-10' })).toMatchObject({ pushed: 1 })
    expect(ben.service.status()).toMatchObject({ state: 'synced', conflicts: 0 })
    expect(readSyncState(ben.dir)?.archive).toEqual([expect.objectContaining({ id: conflict.id, outcome: 'retried', retriedAs: expect.any(String) })])
    expect(ben.service.conflicts()).toEqual([expect.objectContaining({ id: conflict.id, outcome: 'retried', archivedAt: clock.now() })])

    await anna.service.syncNow()
    const names = (l: Laptop) => ['o-9', 'o-10'].map((id) => (l.query('Opportunity', { opportunityId: id }) as { name: string }).name)
    expect(names(anna)).toEqual(['Renewal', 'Training'])
    expect(ben.query('Opportunity', { opportunityId: 'o-10' })).toEqual(anna.query('Opportunity', { opportunityId: 'o-10' }))
    const onServer = await cluster().sql("SELECT data->>'name' AS name FROM stormbook.events WHERE type = 'OpportunityCreated' AND team = $1 ORDER BY position", [readSyncState(ben.dir)!.team], 'rebase')
    expect(onServer.rows.map((r) => r.name)).toEqual(['Rollout', 'Renewal', 'Training'])
  })

  /** Both created o-9 offline: Anna's "Renewal" got there first, Ben's "Training" is refused and superseded. */
  async function bothCreateO9(checkpointEvery?: number) {
    const { anna, ben } = await team(checkpointEvery)
    await anna.dispatch('CreateOpportunity', deal('o-9', 'Renewal'))
    await anna.service.syncNow()
    await ben.dispatch('CreateOpportunity', { ...deal('o-9', 'Training'), amount: '4000' })
    expect(ben.query('Opportunity', { opportunityId: 'o-9' })).toMatchObject({ name: 'Training' })
    expect(await ben.service.syncNow()).toMatchObject({ refused: 1 })
    return { anna, ben }
  }

  /** What the whole team sees of o-9, the pipeline and the deal's aggregate state. */
  const o9 = (l: Laptop) => ({
    deal: l.query('Opportunity', { opportunityId: 'o-9' }),
    pipeline: l.query('Pipeline'),
    deals: (l.query('Opportunities') as Array<{ opportunityId: string; name: string }>).map((o) => [o.opportunityId, o.name]).sort(),
    state: (l.query('AggregateState', { stream: 'Opportunity-o-9' }) as { state: unknown }).state,
  })

  it('shows their o-9 on Ben’s laptop after the rebase: every fold leaves his superseded events out', async () => {
    const { anna, ben } = await bothCreateO9()
    expect(ben.query('Opportunity', { opportunityId: 'o-9' })).toMatchObject({ name: 'Renewal', amount: '1000.00' })
    expect(o9(ben)).toEqual(o9(anna))
    // The timeline still lists the superseded event (the log is append-only); the engine knows it is withdrawn.
    const created = ben.ws.engine.store.readRange(1, ben.ws.engine.store.lastPosition).filter((e) => e.type === 'OpportunityCreated' && e.data.opportunityId === 'o-9')
    expect(created.map((e) => [e.data.name, ben.ws.engine.superseded.has(e.id)])).toEqual([['Training', true], ['Renewal', false]])
    expect(ben.query('Superseded')).toEqual({ ids: [created[0].id] })
    // Commands decide on their deal: Ben's next change is pushed and Anna sees it.
    await ben.dispatch('UpdateOpportunity', { opportunityId: 'o-9', amount: '1500' })
    await ben.service.syncNow()
    await anna.service.syncNow()
    expect(o9(ben)).toEqual(o9(anna))
    expect(o9(anna).deal).toMatchObject({ name: 'Renewal', amount: '1500.00' })
  })

  it('a reopened laptop folds without the superseded events too, never from a checkpoint taken before the rebase', async () => {
    // A checkpoint at every event: the ones taken while Ben's "Training" was still folded must not be used.
    const { anna, ben } = await bothCreateO9(1)
    const theirs = ben.ws.engine.store.readRange(1, ben.ws.engine.store.lastPosition).find((e) => e.type === 'OpportunityCreated' && e.data.name === 'Renewal')!
    const asOf = (l: Workspace, position: number) => {
      const answer = l.engine.query('Opportunity', { opportunityId: 'o-9' }, { asOf: position })
      return answer.ok ? answer.value : answer.error
    }
    expect(asOf(ben.ws, theirs.position)).toMatchObject({ name: 'Renewal', amount: '1000.00' })
    // Opened beside the running app, read-only: only the checkpoints on disk and sync.json to go by.
    const viewer = await openWorkspace(ben.dir, { contexts, clock, readOnly: true })
    try {
      expect(viewer.engine.query('Opportunity', { opportunityId: 'o-9' })).toEqual({ ok: true, value: anna.query('Opportunity', { opportunityId: 'o-9' }) })
      expect(asOf(viewer, theirs.position)).toMatchObject({ name: 'Renewal' })
    } finally {
      await viewer.close()
    }
    // Closed and opened again.
    const index = open.findIndex((o) => o.ws === ben.ws)
    await ben.service.close()
    await ben.ws.close()
    open.splice(index, 1)
    const reopened = await openWorkspace(ben.dir, { contexts, clock, checkpointEvery: 1 })
    open.push({ ws: reopened, service: openSyncService({ workspaceDir: ben.dir, engine: reopened.engine, clock: () => clock.now(), password: async () => undefined }) })
    const again = { ...ben, ws: reopened, query: (name: string, params: Record<string, unknown> = {}) => {
      const answer = reopened.engine.query(name, params)
      if (!answer.ok) throw new Error(JSON.stringify(answer.error))
      return answer.value
    } }
    expect(o9(again)).toEqual(o9(anna))
    expect(asOf(reopened, theirs.position)).toMatchObject({ name: 'Renewal' })
    expect(reopened.engine.superseded.size).toBe(1)
  })

  it('keeps the local log append-only: the superseded events stay in it, and are never pushed', async () => {
    const { anna, ben } = await team()
    await anna.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    await anna.service.syncNow()
    await ben.dispatch('QualifyOpportunity', { opportunityId: 'o-1' })
    const before = ben.ws.engine.store.readRange(1, ben.ws.engine.store.lastPosition)
    await ben.service.syncNow()
    const after = ben.ws.engine.store.readRange(1, ben.ws.engine.store.lastPosition)
    expect(after.slice(0, before.length)).toEqual(before)
    const superseded = readSyncState(ben.dir)?.superseded ?? []
    expect(superseded).toEqual([before.at(-1)!.id])
    const onServer = await cluster().sql('SELECT event_id::text AS id FROM stormbook.events', [], 'rebase')
    expect(onServer.rows.map((r) => r.id)).not.toContain(superseded[0])
  })
})
