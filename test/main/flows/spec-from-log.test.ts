import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { flowText, parseFlow, type FlowDocument } from '../../../main/flows/flow-file.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'
import { specFromLog } from '../../../main/flows/spec-from-log.ts'
import { SAMPLE_FLOWS, sampleLogs, type SampleLog } from '../../support/sample-logs.ts'

/** A sample's log in an engine of its own, with the flow's wire mode as the workspace's setting. */
async function logEngine(log: SampleLog): Promise<Engine> {
  const flow = parseFlow(readFileSync(join(SAMPLE_FLOWS, log.file), 'utf8'))
  const engine = memoryEngine(contexts, new SimulatedClock('2030-01-01T00:00:00Z'), undefined, { wire: flow.wire })
  const result = await engine.ingest(log.events, { versions: 'keep' })
  if (!result.ok) throw new Error(result.error.message)
  return engine
}

/** The first position of every root command an actor (or an external system) sent. */
function roots(log: SampleLog): number[] {
  return log.events.filter((e) => e.meta.commandId === e.meta.correlationId && e.meta.command !== 'Given' && (e.position === 1 || log.events[e.position - 2].meta.correlationId !== e.meta.correlationId)).map((e) => e.position)
}

/** The spec with the first expected event's first data value changed (a text gets a suffix, a number grows by one). */
function withOneValueChanged(flow: FlowDocument): FlowDocument {
  const copy = JSON.parse(JSON.stringify(flow)) as FlowDocument
  const last = copy.steps.at(-1) as { expect: { events: Array<{ data: Record<string, unknown> }> } }
  const event = last.expect.events.find((e) => Object.values(e.data).some((v) => typeof v === 'string' || typeof v === 'number'))!
  const [key, value] = Object.entries(event.data).find(([, v]) => typeof v === 'string' || typeof v === 'number')!
  event.data[key] = typeof value === 'number' ? value + 1 : /^\d+(\.\d+)?$/.test(value as string) ? `${value}1` : `${value as string}-changed`
  return copy
}

let logs: SampleLog[] = []
beforeAll(async () => {
  logs = await sampleLogs()
}, 60_000)

describe('make a spec from the log', () => {
  it('on every sample log, the spec of every root command passes when run, and fails when one expected value changes', async () => {
    let checked = 0
    for (const log of logs) {
      const engine = await logEngine(log)
      for (const position of roots(log)) {
        const spec = specFromLog(engine, position)
        const report = await runFlowText(flowText(spec.flow), { contexts })
        expect({ file: log.file, position, failed: report.steps.filter((s) => !s.ok) }).toEqual({ file: log.file, position, failed: [] })
        const changed = withOneValueChanged(spec.flow)
        const failing = await runFlowText(flowText(changed), { contexts })
        expect({ file: log.file, position, ok: failing.ok }).toEqual({ file: log.file, position, ok: false })
        expect(failing.steps.at(-1)!.differences!.join('\n')).toContain('expected')
        checked++
      }
      await engine.close()
    }
    expect(checked).toBeGreaterThan(30)
  }, 60_000)

  it('makes the spec of the root command when the position is an event its cascade caused', async () => {
    const log = logs.find((l) => l.file === 'trading-market-buy-and-sell.flow.json')!
    const engine = await logEngine(log)
    const spec = specFromLog(engine, 8)
    expect(spec.file).toBe('spec-place-order-p-1-at-5.flow.json')
    expect(spec.flow.start).toBe('2027-01-04T14:00:00.000Z')
    expect(spec.flow.steps).toMatchObject([
      { given: [{ stream: 'Portfolio-p-1', type: 'PortfolioOpened', actor: 'trader' }, { stream: 'Portfolio-p-1', type: 'FundsCredited', data: { amount: '5000.00' } }] },
      { market: { ACME: '100.00' } },
      {
        actor: 'trader', aggregate: 'Portfolio', command: 'PlaceOrder', data: { orderId: 'ord-1', quantity: 10 },
        expect: { only: true, events: [{ type: 'OrderPlaced', data: { estimate: '1009.99' } }, { type: 'OrderReceived' }, { type: 'OrderFulfilled', data: { price: '100.00' } }, { type: 'FundsDebited', data: { amount: '1009.99' } }, { type: 'SharesCredited' }] },
      },
    ])
    await engine.close()
  })

  it('gives the streams the preconditions read: a deposit finds its portfolio', async () => {
    const log = logs.find((l) => l.file === 'trading-bounced-withdrawal.flow.json')!
    const engine = await logEngine(log)
    const spec = specFromLog(engine, 2)
    expect(spec.flow.wire).toBe('manual')
    expect(spec.flow.steps[0]).toMatchObject({ given: [{ stream: 'Portfolio-p-3', type: 'PortfolioOpened' }] })
    expect(spec.flow.steps[1]).toMatchObject({ command: 'RequestFunds', actor: 'trader', expect: { events: [{ type: 'FundsRequested' }] } })
    await engine.close()
  })

  it('refuses, in words, a command written before the log kept inputs (SPEC_NO_INPUT) and a position past the end', async () => {
    const log = logs.find((l) => l.file === 'sales-funnel.flow.json')!
    const old = log.events.map((e) => ({ ...e, meta: Object.fromEntries(Object.entries(e.meta).filter(([k]) => k !== 'input')) }))
    const engine = memoryEngine(contexts, new SimulatedClock('2030-01-01T00:00:00Z'))
    expect((await engine.ingest(old, { versions: 'keep' })).ok).toBe(true)
    expect(() => specFromLog(engine, 3)).toThrow(expect.objectContaining({ code: 'SPEC_NO_INPUT', message: expect.stringContaining('QualifyOpportunity (position 3) was written before the log kept') }))
    expect(() => specFromLog(engine, 99)).toThrow(expect.objectContaining({ code: 'SPEC_NO_EVENT', details: { field: 'position' } }))
    await engine.close()
  })

  it('keeps the given events’ own times, so a spec that depends on ages reproduces (a 30-day sales cycle)', async () => {
    const clock = new SimulatedClock('2027-01-04T09:00:00Z')
    const engine = memoryEngine(contexts, clock)
    const send = (command: string, data: Record<string, unknown>) => engine.dispatch({ actor: 'rep-7', command, data })
    await send('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await send('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    await send('QualifyOpportunity', { opportunityId: 'o-1' })
    clock.advance('P10D')
    await send('SendProposal', { opportunityId: 'o-1' })
    clock.advance('P20D')
    await send('CloseOpportunity', { opportunityId: 'o-1', outcome: 'won' })
    const spec = specFromLog(engine, engine.store.lastPosition)
    expect(spec.flow.start).toBe('2027-02-03T09:00:00.000Z')
    expect(spec.flow.steps[0]).toMatchObject({ given: [
      { type: 'OpportunityCreated', at: '2027-01-04T09:00:00.000Z' },
      { type: 'OpportunityQualified', at: '2027-01-04T09:00:00.000Z' }, { type: 'ProposalSent', at: '2027-01-14T09:00:00.000Z' },
    ] })
    const metrics = engine.query('SalesMetrics', {})
    expect(metrics).toMatchObject({ ok: true, value: { averageCycleDays: 30 } })
    const withQuery = { ...spec.flow, steps: [...spec.flow.steps, { query: 'SalesMetrics', expect: { result: { won: 1, averageCycleDays: 30 } } }] }
    const report = await runFlowText(flowText(withQuery), { contexts })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    await engine.close()
  })
})
