import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { policyEventId } from '../../../main/app/decide.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { memoryEngine, openWorkspace } from '../../../main/app/workspace.ts'
import { writeSyncState } from '../../../main/sync/sync-state.ts'
import { openWorkspaceLog } from '../../../main/sync/workspace-log.ts'
import { tempDir } from '../../support/workspace.ts'

const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const expansion = (opportunityId: string) => ({ opportunityId, customerId: 'acme', name: `Upsell ${opportunityId}`, kind: 'expansion', amount: '5000', closeDate: '2027-06-30', salesOwner: 'rep-7' })

async function run(engine: Engine, command: string, data: Record<string, unknown>): Promise<EventEnvelope[]> {
  const result = await engine.dispatch({ command, data, actor: 'rep' })
  if (!result.ok) throw new Error(`${command} refused: ${JSON.stringify(result.error)}`)
  return result.events
}

/** What a laptop pulls: events as another laptop recorded them (no local position). */
async function pull(engine: Engine, events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
  const result = await engine.ingest(events.map(({ position: _position, ...e }) => e), { versions: 'keep' })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.events
}

const flagged = (engine: Engine) => engine.store.readRange(1, engine.store.lastPosition).filter((e) => e.type === 'RevenueFlaggedAtRisk' || e.type === 'OpportunityFlaggedAtRisk' || e.meta.command === 'FlagRevenueAtRisk')

describe('a policy’s reaction across laptops', () => {
  it('gets event ids derived from the causing event: two engines reacting to the same event record the same ids', async () => {
    const anna = memoryEngine(contexts, clock)
    await run(anna, 'RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await run(anna, 'FlagChurnRisk', { customerId: 'acme', level: 'high' })
    const cascade = await run(anna, 'CreateOpportunity', expansion('o-5'))
    const [created, ...reaction] = cascade
    expect(reaction.map((e) => [e.meta.policy, e.meta.commandId])).toEqual([['RevenueAtRisk', `${created.id}/RevenueAtRisk/0`]])
    expect(reaction[0].id).toBe(policyEventId(`${created.id}/RevenueAtRisk/0`, 0))

    // Ben's laptop has what Anna had before the deal; it pulls the deal without her reaction, and reacts itself.
    const ben = memoryEngine(contexts, clock)
    await pull(ben, anna.store.readRange(1, created.position - 1))
    const reacted = await ben.reactToPulled(await pull(ben, [created]), new Set())
    expect(reacted.ok && reacted.events.map((e) => [e.id, e.stream, e.version, e.type])).toEqual(reaction.map((e) => [e.id, e.stream, e.version, e.type]))
  })

  it('is not issued again by the laptop that pulls the event with the reaction already made', async () => {
    const anna = memoryEngine(contexts, clock)
    await run(anna, 'RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await run(anna, 'FlagChurnRisk', { customerId: 'acme', level: 'high' })
    await run(anna, 'CreateOpportunity', expansion('o-5'))
    const ben = memoryEngine(contexts, clock)
    const pulled = await pull(ben, anna.store.readRange(1, anna.store.lastPosition))
    const reacted = await ben.reactToPulled(pulled, new Set(pulled.map((e) => e.meta.commandId)))
    expect(reacted).toMatchObject({ ok: true, events: [] })
    expect(ben.store.lastPosition).toBe(anna.store.lastPosition)
  })

  it('fires after a pull on the laptop that sees both halves: churn risk flagged on one, the expansion deal created on the other', async () => {
    const anna = memoryEngine(contexts, clock)
    const ben = memoryEngine(contexts, clock)
    await pull(ben, await run(anna, 'RegisterCustomer', { customerId: 'acme', name: 'Acme' }))
    // Offline: Anna judges Acme at high risk (she sees no expansion deal); Ben creates one (he sees no risk).
    const risk = await run(anna, 'FlagChurnRisk', { customerId: 'acme', level: 'high' })
    const deal = await run(ben, 'CreateOpportunity', expansion('o-5'))
    expect([risk.length, deal.length]).toEqual([1, 1])

    // Ben pulls Anna's judgement: the policy now applies, and fires on his laptop.
    const pulled = await pull(ben, risk)
    const reacted = await ben.reactToPulled(pulled, new Set(pulled.map((e) => e.meta.commandId)))
    expect(reacted.ok && reacted.events.map((e) => [e.meta.policy, e.meta.command, e.data.opportunityId, e.meta.causationId])).toEqual([['RevenueAtRisk', 'FlagRevenueAtRisk', 'o-5', risk[0].id]])
    expect(ben.query('Opportunity', { opportunityId: 'o-5' })).toMatchObject({ ok: true, value: { flagged: true } })

    // Anna pulls Ben's deal with his reaction: nothing fires twice.
    const fromBen = await pull(anna, ben.store.readRange(1, ben.store.lastPosition).filter((e) => !anna.store.hasEvent(e.id)))
    expect(await anna.reactToPulled(fromBen, new Set(fromBen.map((e) => e.meta.commandId)))).toMatchObject({ ok: true, events: [] })
    expect(anna.query('Opportunity', { opportunityId: 'o-5' })).toMatchObject({ ok: true, value: { flagged: true } })
    expect(flagged(anna).map((e) => e.id)).toEqual(flagged(ben).map((e) => e.id))
  })
})

describe('opening a workspace whose newest cascade was pulled', () => {
  /** Ben's workspace with an expansion deal; then Anna's high churn risk pulled in by the CLI (no engine). */
  async function pulledRiskOnBensLaptop(recordSync: boolean): Promise<string> {
    const dir = tempDir()
    const anna = memoryEngine(contexts, clock)
    const registered = await run(anna, 'RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    const risk = await run(anna, 'FlagChurnRisk', { customerId: 'acme', level: 'high' })
    const ben = await openWorkspace(dir, { contexts, clock })
    await pull(ben.engine, registered)
    await run(ben.engine, 'CreateOpportunity', expansion('o-5'))
    await ben.close()
    const log = await openWorkspaceLog(dir, () => clock.now())
    await log.ingest(risk.map(({ position: _position, ...e }) => e))
    if (recordSync) writeSyncState(dir, { format: 1, team: 'north', device: 'ben', pushedUpTo: log.lastPosition, cursor: { tx: '9', position: '3' }, conflicts: [], lastSyncAt: clock.now() })
    await log.close()
    return dir
  }

  it('runs no local policy on it (the pulled cascade was reacted to where it was decided)', async () => {
    const dir = await pulledRiskOnBensLaptop(true)
    const ws = await openWorkspace(dir, { contexts, clock })
    try {
      expect(ws.report.resumed).toBe(0)
      expect(ws.engine.query('Opportunity', { opportunityId: 'o-5' })).toMatchObject({ ok: true, value: { flagged: false } })
    } finally {
      await ws.close()
    }
  })

  it('still resumes a local cascade that sync never saw (crash recovery is unchanged)', async () => {
    const dir = await pulledRiskOnBensLaptop(false)
    const ws = await openWorkspace(dir, { contexts, clock })
    try {
      expect(ws.report.resumed).toBe(1)
    } finally {
      await ws.close()
    }
  })
})
