import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'
import type { FlowReport, StepReport } from '../../../main/ipc/contract.ts'
import { envelopeOf, firstFailure, runEvents, watchedStorm } from '../../../renderer/flows/watch.ts'

const event = (position: number, type: string, stream: string, policy: string | null = null) => ({ position, type, stream, actor: policy ? null : 'rep', policy, data: {} })
const step = (index: number, ok: boolean, label: string, events: StepReport['events'], kind: StepReport['kind'] = 'command'): StepReport => ({ index, kind, label, ok, position: events.at(-1)?.position ?? 0, events })

const report: FlowReport = {
  flow: 'Deal',
  ok: false,
  hotspots: [],
  steps: [
    step(0, true, 'rep: RegisterCustomer', [event(1, 'CustomerRegistered', 'Customer-acme')]),
    step(1, true, 'clock advances P1D', [], 'advance'),
    step(2, false, 'rep: CreateOpportunity', [event(2, 'OpportunityCreated', 'Opportunity-o-1'), event(3, 'RevenueAtRiskFlagged', 'RevenueAtRisk-o-1', 'FlagRevenueAtRisk')]),
  ],
}

describe('watching a run on the storm', () => {
  it('draws nothing before the first step, then one more step’s columns at a time', () => {
    expect(watchedStorm(report, -1).layout.columns).toHaveLength(0)
    expect(watchedStorm(report, 0).layout.columns.map((c) => c.column.command)).toEqual(['RegisterCustomer'])
    expect(watchedStorm(report, 1).layout.columns).toHaveLength(1)
    const all = watchedStorm(report, 2)
    expect(all.layout.columns.map((c) => c.column.command)).toEqual(['RegisterCustomer', 'CreateOpportunity', 'by FlagRevenueAtRisk'])
    expect(all.layout.columns[2].column.issuer).toEqual({ kind: 'policy', name: 'FlagRevenueAtRisk' })
  })

  it('marks each column with its step’s result: the failing step’s columns fail', () => {
    expect(watchedStorm(report, 2).marks.map((m) => [m.step, m.state])).toEqual([[0, 'ok'], [2, 'failed'], [2, 'failed']])
    expect(firstFailure(report)).toBe(2)
  })

  it('uses the envelope’s own metadata when the report carries it', () => {
    const meta = { context: 'sales', aggregate: 'Customer', command: 'RegisterCustomer', commandId: 'c1', actor: 'rep', policy: null, causationId: 'c1', correlationId: 'c1', schema: 1 }
    const envelope = envelopeOf({ ...event(1, 'CustomerRegistered', 'Customer-acme'), id: 'e1', meta }, report.steps[0])
    expect(envelope.meta).toBe(meta)
    expect(runEvents(report).map((e) => e.step)).toEqual([0, 2, 2])
  })
  it('draws a scratch run from its whole log, each event under the step the log stood at after it', () => {
    const meta = (command: string, policy: string | null = null) => ({ context: 'sales', aggregate: 'Opportunity', command, commandId: command, actor: policy ? null : 'rep', policy, causationId: command, correlationId: 'k', schema: 1 })
    const envelope = (position: number, type: string, command: string, policy: string | null = null) => ({ position, id: `e${position}`, stream: 'Opportunity-o-1', version: position, type, at: '2027-01-04T09:00:00Z', data: {}, meta: meta(command, policy) })
    const withLog: FlowReport = {
      ...report,
      steps: [{ ...report.steps[0], position: 1 }, { ...report.steps[1], position: 1 }, { ...report.steps[2], position: 3 }],
      log: [envelope(1, 'OpportunityCreated', 'CreateOpportunity'), envelope(2, 'OpportunityQualified', 'QualifyOpportunity'), envelope(3, 'RevenueAtRiskFlagged', 'Flag', 'FlagRevenueAtRisk')],
    }
    expect(runEvents(withLog).map((e) => e.step)).toEqual([0, 2, 2])
    expect(watchedStorm(withLog, 1).layout.lanes.map((l) => l.label)).toEqual(['Sales'])
    expect(watchedStorm(withLog, 2).layout.columns.map((c) => c.column.command)).toEqual(['CreateOpportunity', 'QualifyOpportunity', 'Flag'])
  })
})

describe('watching a run into the workspace, and its hotspots', () => {
  const register = { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }
  const create = { actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '10', closeDate: '2027-03-31', salesOwner: 'rep' } }
  const flow = JSON.stringify({ flow: 'Hot deal', steps: [register, { hotspot: 'Who approves the discount?' }, create] })
  const hotspotStickies = (layout: ReturnType<typeof watchedStorm>['layout']) => layout.columns.flatMap((c) => c.stickies.filter((s) => s.kind === 'hotspot').map((s) => [c.column.command, s.label]))

  it('lays a run into the workspace out from the events it wrote: real commands, lanes by context', async () => {
    const engine = memoryEngine(contexts, new SimulatedClock('2027-01-04T09:00:00Z'))
    await engine.dispatch({ actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'other', name: 'Other' } })
    const report = await runFlowText(flow, { contexts, into: engine, facilitator: 'fran', keepLog: true })
    expect(report).toMatchObject({ ok: true, written: true })
    expect(report.log!.map((e) => [e.position, e.type, e.meta.context])).toEqual([[2, 'CustomerRegistered', 'sales'], [3, 'HotspotRaised', 'storming'], [4, 'OpportunityCreated', 'sales']])
    const all = watchedStorm(report, 2)
    expect(all.layout.lanes.map((l) => l.label)).toEqual(['Sales'])
    expect(all.layout.columns.map((c) => [c.column.command, c.column.issuer.name, c.column.streamLabel])).toEqual([['RegisterCustomer', 'rep', 'Acme'], ['CreateOpportunity', 'rep', 'Deal']])
    // the real hotspot it raised (RaiseHotspot by the facilitator) is drawn once, on the column before it
    expect(hotspotStickies(all.layout)).toEqual([['RegisterCustomer', 'Who approves the discount?']])
    expect(hotspotStickies(watchedStorm(report, 0).layout)).toEqual([])
    expect(engine.store.readRange(3, 3)[0]).toMatchObject({ type: 'HotspotRaised', meta: { command: 'RaiseHotspot', actor: 'fran' } })
    await engine.close()
  })

  it('pins a Check’s hotspot step as a neon-pink sticky at its place, once its step is shown', async () => {
    const report = await runFlowText(flow, { contexts, keepLog: true })
    expect(report.log!.map((e) => e.type)).toEqual(['CustomerRegistered', 'OpportunityCreated'])
    expect(hotspotStickies(watchedStorm(report, 0).layout)).toEqual([])
    expect(hotspotStickies(watchedStorm(report, 1).layout)).toEqual([['RegisterCustomer', 'Who approves the discount?']])
    expect(hotspotStickies(watchedStorm(report, 2).layout)).toEqual([['RegisterCustomer', 'Who approves the discount?']])
    const first = await runFlowText(JSON.stringify({ flow: 'Early', steps: [{ hotspot: 'Before anything' }, register] }), { contexts, keepLog: true })
    expect(hotspotStickies(watchedStorm(first, 1).layout)).toEqual([['RegisterCustomer', 'Before anything']])
  })
})
