import { afterEach, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'
import { tempDir } from '../../support/workspace.ts'

const opened: Workspace[] = []
afterEach(async () => {
  while (opened.length) await opened.pop()!.close()
})

const created = { stream: 'Opportunity-o-1', type: 'OpportunityCreated', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7', stage: 'prospecting' }, actor: 'rep-7' }
const customer = { stream: 'Customer-acme', type: 'CustomerRegistered', data: { customerId: 'acme', name: 'Acme', segment: null } }
const flow = (steps: unknown[]) => JSON.stringify({ flow: 'given', steps })

describe('given steps', () => {
  it('seed events that say they were seeded, then the flow goes on from them (given / when / then)', async () => {
    const report = await runFlowText(flow([
      { given: [customer, created], note: 'Acme and its deal, as the log had them.' },
      { actor: 'rep-7', command: 'QualifyOpportunity', data: { opportunityId: 'o-1' }, expect: { events: ['OpportunityQualified'] } },
    ]), { contexts })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    expect(report.steps[0]).toMatchObject({ kind: 'given', note: 'Acme and its deal, as the log had them.', label: 'given: CustomerRegistered on Customer-acme, OpportunityCreated on Opportunity-o-1' })
    expect(report.steps[0].events.map((e) => [e.position, e.type, e.actor, e.policy])).toEqual([[1, 'CustomerRegistered', 'given', null], [2, 'OpportunityCreated', 'rep-7', null]])
  })

  it('seed through ingest with metadata naming the aggregate, its context and the command Given; no policy runs', async () => {
    const ws = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
    opened.push(ws)
    const report = await runFlowText(flow([{ given: [customer, created] }]), { contexts, into: ws.engine })
    expect(report).toMatchObject({ ok: true, written: true })
    const [first, second] = ws.engine.store.readRange(1, 2)
    expect(first.meta).toMatchObject({ context: 'sales', aggregate: 'Customer', command: 'Given', actor: 'given', policy: null })
    expect(second.meta).toMatchObject({ context: 'sales', aggregate: 'Opportunity', command: 'Given', actor: 'rep-7', correlationId: first.meta.correlationId })
    expect(ws.engine.store.lastPosition).toBe(2)
  })

  it('refuse to seed a stream the workspace already holds, and nothing is written', async () => {
    const ws = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
    opened.push(ws)
    await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    const report = await runFlowText(flow([{ given: [created] }, { given: [customer] }]), { contexts, into: ws.engine })
    expect(report).toMatchObject({ ok: false, written: false, conflicts: ['customer acme already exists'] })
    expect(report.steps[1].failure).toBe('Customer-acme already exists here: given events seed new streams')
    expect(ws.engine.store.lastPosition).toBe(1)
  })

  it('are checked before anything runs, with the JSON path of the problem', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ given: [{ ...created, stream: 'Deal-o-1' }] }, 'steps[0].given[0].stream', /names no aggregate.*Customer/],
      [{ given: [{ ...created, stream: 'Opportunity-' }] }, 'steps[0].given[0].stream', /has no id/],
      [{ given: [{ ...created, type: 'PortfolioOpened' }] }, 'steps[0].given[0].type', /event of the trading context/],
      [{ given: [{ ...created, type: 'DealDreamt' }] }, 'steps[0].given[0].type', /Opportunity has no event DealDreamt/],
      [{ given: [{ stream: 'Customer-acme', type: 'CustomerRegistered' }] }, 'steps[0].given[0].data', /./],
      [{ given: [{ ...customer, colour: 'red' }] }, 'steps[0].given[0].colour', /./],
      [{ given: [] }, 'steps[0].given', /at least one event/],
    ]
    for (const [step, field, message] of cases) {
      const run = runFlowText(flow([step]), { contexts })
      await expect(run).rejects.toMatchObject({ code: 'FLOW_INVALID', details: { field } })
      await expect(run).rejects.toThrow(message)
    }
  })
})

describe('given events keep when they happened', () => {
  it('seed each event at its own `at`, the others at the flow’s clock', async () => {
    const report = await runFlowText(JSON.stringify({ flow: 'aged', start: '2027-02-01T09:00:00Z', steps: [{ given: [{ ...customer, at: '2026-12-01T10:00:00Z' }, created] }] }), { contexts, keepLog: true })
    expect(report.ok).toBe(true)
    expect(report.log!.map((e) => [e.type, e.at])).toEqual([['CustomerRegistered', '2026-12-01T10:00:00.000Z'], ['OpportunityCreated', '2027-02-01T09:00:00.000Z']])
  })

  it('an opportunity seeded 30 days before it is won counts a 30-day cycle, not one day', async () => {
    const steps = [
      { given: [customer, { ...created, at: '2027-01-02T09:00:00Z' }, { stream: 'Opportunity-o-1', type: 'OpportunityQualified', data: { opportunityId: 'o-1' }, at: '2027-01-02T09:00:00Z' }, { stream: 'Opportunity-o-1', type: 'ProposalSent', data: { opportunityId: 'o-1' }, at: '2027-01-10T09:00:00Z' }] },
      { actor: 'rep-7', command: 'CloseOpportunity', data: { opportunityId: 'o-1', outcome: 'won' }, expect: { events: ['OpportunityWon'] } },
      { query: 'SalesMetrics', expect: { result: { won: 1, averageCycleDays: 30 } } },
    ]
    const report = await runFlowText(JSON.stringify({ flow: 'cycle', start: '2027-02-01T09:00:00Z', steps }), { contexts })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
  })

  it('refuse an `at` that is no instant, or later than the flow’s clock at its step, naming the JSON path', async () => {
    const bad = runFlowText(flow([{ given: [customer, { ...created, at: 'last Tuesday' }] }]), { contexts })
    await expect(bad).rejects.toMatchObject({ code: 'FLOW_INVALID', details: { field: 'steps[0].given[1].at' } })
    await expect(bad).rejects.toThrow(/not an ISO-8601 instant/)
    const late = JSON.stringify({ flow: 'late', start: '2027-01-04T09:00:00Z', steps: [{ advance: 'P1D' }, { given: [customer, { ...created, at: '2027-01-06T09:00:00Z' }] }] })
    await expect(runFlowText(late, { contexts })).rejects.toMatchObject({ code: 'FLOW_INVALID', details: { field: 'steps[1].given[1].at' }, message: expect.stringContaining("after the flow's clock at this step (2027-01-05T09:00:00.000Z)") })
    const inTime = JSON.stringify({ flow: 'late', start: '2027-01-04T09:00:00Z', steps: [{ advance: 'P2D' }, { given: [customer, { ...created, at: '2027-01-06T09:00:00Z' }] }] })
    expect((await runFlowText(inTime, { contexts })).ok).toBe(true)
  })
})
