import { afterEach, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { writeSyncState } from '../../../main/sync/sync-state.ts'
import { tempDir } from '../../support/workspace.ts'

const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const opened: Workspace[] = []
afterEach(async () => {
  while (opened.length) await opened.pop()!.close()
})

async function open(dir: string): Promise<Workspace> {
  const ws = await openWorkspace(dir, { contexts, clock, checkpointEvery: 1 })
  opened.push(ws)
  return ws
}

async function send(ws: Workspace, command: string, data: Record<string, unknown>): Promise<EventEnvelope[]> {
  const result = await ws.engine.dispatch({ command, data, actor: 'ben' })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.events
}

function value(ws: Workspace, name: string, params: Record<string, unknown>, asOf?: number): unknown {
  const answer = ws.engine.query(name, params, { asOf })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  return answer.value
}

const amount = (ws: Workspace, asOf?: number) => (value(ws, 'Opportunity', { opportunityId: 'o-1' }, asOf) as { amount: string }).amount
const stateAmount = (ws: Workspace) => ((value(ws, 'AggregateState', { stream: 'Opportunity-o-1' }) as { state: { amount: string } }).state.amount)

describe('events a rebase superseded (kept in the log, left out of every fold)', () => {
  it('leave the read models, time travel, the aggregate state commands decide on, and the checkpoints a reopen uses', async () => {
    const dir = tempDir()
    const ws = await open(dir)
    await send(ws, 'RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await send(ws, 'CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    const [raise] = await send(ws, 'UpdateOpportunity', { opportunityId: 'o-1', amount: '700' })
    await send(ws, 'RegisterCustomer', { customerId: 'globex', name: 'Globex' })
    expect(amount(ws)).toBe('700.00')

    // sync.json says so (as the rebase's persist step writes it), then the engine folds again.
    const withdrawn = await ws.engine.supersede([raise], () => writeSyncState(dir, {
      format: 1, team: 't', device: 'd', pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null, superseded: [raise.id],
    }))
    expect(withdrawn.ok).toBe(true)
    expect(amount(ws)).toBe('1000.00')
    expect(amount(ws, raise.position)).toBe('1000.00')
    expect(stateAmount(ws)).toBe('1000.00')
    expect(ws.engine.store.readRange(raise.position, raise.position)[0].id).toBe(raise.id)
    expect(value(ws, 'Superseded', {})).toEqual({ ids: [raise.id] })
    // A command decides on the state without the superseded event; the stream's versions run on.
    const [next] = await send(ws, 'UpdateOpportunity', { opportunityId: 'o-1', amount: '1200' })
    expect(next.data).toMatchObject({ changes: { amount: { from: '1000.00', to: '1200.00' } } })
    expect(next.version).toBe(raise.version + 1)

    // Opened read-only beside it, then reopened: no checkpoint that folded the raise is used.
    const viewer = await openWorkspace(dir, { contexts, clock, readOnly: true })
    expect([amount(viewer), amount(viewer, raise.position), amount(viewer, raise.position + 1)]).toEqual(['1200.00', '1000.00', '1000.00'])
    await viewer.close()
    await opened.pop()!.close()
    const again = await open(dir)
    expect([amount(again), amount(again, raise.position), stateAmount(again)]).toEqual(['1200.00', '1000.00', '1200.00'])
    expect(again.engine.superseded.has(raise.id)).toBe(true)
  })
})
