import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fieldChanges, Inspection } from '../../../main/app/inspection.ts'
import { leafFields } from '../../../domain/kernel/inspection.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlow } from '../../../main/flows/runner.ts'

async function sampleFlow(file = 'flows/contract-accepted-wins-the-deal.flow.json') {
  const flow = parseFlow(readFileSync(file, 'utf8'))
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

  it('LogDiff names nested fields by their path, each before and after: a buy shows the holding and the order that changed', async () => {
    const { engine, at } = await sampleFlow('flows/trading-market-buy-and-sell.flow.json')
    const answer = engine.query('LogDiff', { from: at('OrderPlaced') - 1, to: at('SharesCredited') })
    expect(answer.ok).toBe(true)
    const diff = (answer as { value: import('../../../main/app/inspection.ts').LogDiffAnswer }).value
    const portfolio = diff.streams.find((s) => s.stream === 'Portfolio-p-1')!
    expect(portfolio.fields).toContainEqual({ field: 'holdings.ACME.quantity', before: null, after: 10 })
    expect(portfolio.fields).toContainEqual(expect.objectContaining({ field: 'cash', before: '5000.00' }))
    expect(portfolio.fields.map((f) => f.field), 'orders by their id, not by the hash buckets that store them').toContain('orders.ord-1.status')
    expect(portfolio.fields.every((f) => !/^orders\.\d+\./.test(f.field))).toBe(true)
  })
})

describe('EventPosition (where a hotspot anchor sits)', () => {
  it('finds an event of the log by its id, and answers null for an id the log does not hold', async () => {
    const { engine, events } = await sampleFlow()
    const target = events[Math.floor(events.length / 2)]
    expect(engine.query('EventPosition', { eventId: target.id })).toEqual({ ok: true, value: { eventId: target.id, position: target.position } })
    expect(engine.query('EventPosition', { eventId: 'nope' })).toEqual({ ok: true, value: { eventId: 'nope', position: null } })
    expect(engine.query('EventPosition', {})).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'eventId' } } })
  })

  it('finds events whose ids are out of order (synced from another log) by scanning', () => {
    const ids = ['b', 'c', 'a', 'd', 'e']
    const log = ids.map((id, i) => ({ id, position: i + 1 }) as unknown as import('../../../domain/kernel/index.ts').EventEnvelope)
    const store = { lastPosition: log.length, readRange: (from: number, to: number) => log.slice(from - 1, to), readStream: () => [] }
    const inspection = new Inspection({} as never, store)
    expect(inspection.eventPosition('a')).toEqual({ eventId: 'a', position: 3 })
    expect(inspection.eventPosition('d')).toEqual({ eventId: 'd', position: 4 })
  })
})

describe('the fields a diff compares', () => {
  it('descends into nested records and names each changed leaf by its path', () => {
    const before = { cash: '10.00', holdings: { ACME: { quantity: 5, reserved: 0 } }, tags: ['a'] }
    const after = { cash: '10.00', holdings: { ACME: { quantity: 7, reserved: 0 }, BOLT: { quantity: 1, reserved: 0 } }, tags: ['a', 'b'] }
    expect(fieldChanges(before, after)).toEqual([
      { field: 'holdings.ACME.quantity', before: 5, after: 7 },
      { field: 'holdings.BOLT.quantity', before: null, after: 1 },
      { field: 'holdings.BOLT.reserved', before: null, after: 0 },
      { field: 'tags', before: ['a'], after: ['a', 'b'] },
    ])
  })

  it('finds nothing between equal states, and compares a state that is no record as one field', () => {
    expect(fieldChanges({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([])
    expect(fieldChanges(null, { open: true })).toEqual([{ field: 'open', before: null, after: true }])
    expect(fieldChanges(3, 4)).toEqual([{ field: '', before: 3, after: 4 }])
  })

  it('lists a whole state leaf by leaf for the inspector, nothing left out', () => {
    expect(leafFields({ owner: null, holdings: { ACME: { quantity: 5 } }, orders: {} })).toEqual([
      { field: 'owner', after: null },
      { field: 'holdings.ACME.quantity', after: 5 },
      { field: 'orders', after: {} },
    ])
  })
})
