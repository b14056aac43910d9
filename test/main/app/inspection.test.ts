import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlow } from '../../../main/flows/runner.ts'

async function sampleFlow() {
  const flow = parseFlow(readFileSync('flows/contract-accepted-wins-the-deal.flow.json', 'utf8'))
  const clock = new SimulatedClock(flow.start ?? '2027-01-04T09:00:00Z')
  const engine = memoryEngine(contexts, clock)
  const report = await runFlow(flow, engine, clock)
  expect(report.ok).toBe(true)
  const events = engine.store.readRange(1, engine.store.lastPosition)
  const at = (type: string) => events.find((e) => e.type === type)!.position
  return { engine, events, at }
}

describe('the inspection queries', () => {
  it('AggregateState folds a stream with its decider as of the replay position', async () => {
    const { engine, at } = await sampleFlow()
    const now = engine.query('AggregateState', { stream: 'Opportunity-o-1' })
    expect(now).toMatchObject({ ok: true, value: { stream: 'Opportunity-o-1', aggregate: 'Opportunity', context: 'sales', state: expect.objectContaining({ stage: 'closed_won' }) } })
    const sent = at('ProposalSent')
    const then = engine.query('AggregateState', { stream: 'Opportunity-o-1' }, { asOf: sent })
    expect(then).toMatchObject({ ok: true, value: { state: expect.objectContaining({ stage: 'proposal' }), lastEvent: { position: sent, type: 'ProposalSent' } } })
  })

  it('AggregateState of a stream before its first event has version 0 and no last event', async () => {
    const { engine, at } = await sampleFlow()
    const answer = engine.query('AggregateState', { stream: 'Opportunity-o-1' }, { asOf: at('OpportunityCreated') - 1 })
    expect(answer).toMatchObject({ ok: true, value: { version: 0, lastEvent: null } })
  })

  it('refuses a stream no aggregate owns with UNKNOWN_STREAM, and a missing stream with INVALID_QUERY naming it', async () => {
    const { engine } = await sampleFlow()
    expect(engine.query('AggregateState', { stream: 'Nothing-1' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_STREAM', details: { field: 'stream' } } })
    expect(engine.query('AggregateState', {})).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'stream' } } })
  })

  it('LogDiff lists the aggregates changed between two positions, field by field, and the events between', async () => {
    const { engine, at } = await sampleFlow()
    const from = at('ProposalSent')
    const to = engine.store.lastPosition
    const answer = engine.query('LogDiff', { from, to })
    expect(answer.ok).toBe(true)
    const diff = (answer as { value: import('../../../main/app/inspection.ts').LogDiffAnswer }).value
    expect(diff.events[0].position).toBe(from + 1)
    expect(diff.events.map((e) => e.type)).toContain('OpportunityWon')
    const opportunity = diff.streams.find((s) => s.stream === 'Opportunity-o-1')!
    expect(opportunity.created).toBe(false)
    expect(opportunity.fields).toContainEqual({ field: 'stage', before: 'proposal', after: 'closed_won' })
    expect(diff.streams.every((s) => s.fields.length > 0 || s.versionAfter > s.versionBefore)).toBe(true)
  })

  it('LogDiff of one event is the change the event at the cursor made', async () => {
    const { engine, at } = await sampleFlow()
    const p = at('OpportunityCreated')
    const answer = engine.query('LogDiff', { from: p - 1, to: p })
    expect(answer).toMatchObject({ ok: true, value: { events: [{ position: p, type: 'OpportunityCreated' }], streams: [{ stream: 'Opportunity-o-1', created: true }] } })
  })

  it('refuses a diff that runs backwards or past the log with INVALID_QUERY naming the field', async () => {
    const { engine } = await sampleFlow()
    const last = engine.store.lastPosition
    expect(engine.query('LogDiff', { from: 5, to: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'from' } } })
    expect(engine.query('LogDiff', { from: 0, to: last + 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'to' } } })
    expect(engine.query('LogDiff', { from: 1.5, to: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'from' } } })
  })
})
