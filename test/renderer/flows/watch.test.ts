import { describe, expect, it } from 'vitest'
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
