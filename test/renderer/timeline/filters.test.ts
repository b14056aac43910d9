import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { stormOf } from '../../../domain/storming/notation/storm.ts'
import { filterChoices, firstAtOrAfter, NO_FILTERS, passes } from '../../../renderer/timeline/filters.ts'

let position = 0
function event(type: string, stream: string, meta: Partial<EventEnvelope['meta']>, at = '2027-01-04T09:00:00Z'): EventEnvelope {
  position += 1
  const [aggregate] = stream.split('-')
  return {
    position, id: `e${position}`, stream, version: 1, type, at, data: {},
    meta: { context: 'sales', aggregate, command: 'C', commandId: `c${position}`, actor: 'ann', policy: null, causationId: `c${position}`, correlationId: `k${position}`, schema: 1, ...meta },
  }
}

describe('the storm filters', () => {
  const events = [
    event('CustomerRegistered', 'Customer-acme', { command: 'RegisterCustomer' }),
    event('OpportunityCreated', 'Opportunity-o1', { command: 'CreateOpportunity', correlationId: 'k-deal' }),
    event('OpportunityWon', 'Opportunity-o1', { command: 'WinOpportunity', actor: null, policy: 'AutoWin', correlationId: 'k-deal' }),
    event('PortfolioOpened', 'Portfolio-p1', { command: 'OpenPortfolio', context: 'trading', actor: 'bob' }, '2027-01-06T09:00:00Z'),
  ]
  const { columns } = stormOf(events)

  it('keeps every column without filters, and only the matching ones with each filter', () => {
    expect(columns.filter((c) => passes(c, NO_FILTERS))).toHaveLength(4)
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, context: 'trading' })).map((c) => c.command)).toEqual(['OpenPortfolio'])
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, aggregate: 'Opportunity' })).map((c) => c.command)).toEqual(['CreateOpportunity', 'WinOpportunity'])
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, issuer: 'AutoWin' })).map((c) => c.command)).toEqual(['WinOpportunity'])
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, eventType: 'CustomerRegistered' })).map((c) => c.command)).toEqual(['RegisterCustomer'])
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, correlation: 'k-deal', context: 'sales' }))).toHaveLength(2)
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, stream: 'Opportunity-o1' })).map((c) => c.command)).toEqual(['CreateOpportunity', 'WinOpportunity'])
  })

  it('keeps the columns within a time range, either end open', () => {
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, since: '2027-01-05T00:00:00Z' })).map((c) => c.command)).toEqual(['OpenPortfolio'])
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, until: '2027-01-05T00:00:00Z' }))).toHaveLength(3)
    expect(columns.filter((c) => passes(c, { ...NO_FILTERS, since: '2027-01-04T09:00:00Z', until: '2027-01-04T09:00:00Z' }))).toHaveLength(3)
  })

  it('offers the choices found in the loaded storm, a cascade named by its first command', () => {
    const choices = filterChoices(columns)
    expect(choices.context).toEqual(['sales', 'trading'])
    expect(choices.issuer).toEqual(['ann', 'AutoWin', 'bob'])
    expect(choices.correlation.find((c) => c.value === 'k-deal')?.label).toMatch(/^CreateOpportunity/)
    expect(choices.stream.map((c) => c.value)).toEqual(expect.arrayContaining(['Customer-acme', 'Opportunity-o1', 'Portfolio-p1']))
    expect(choices.stream.every((c) => c.label.endsWith(')'))).toBe(true)
  })
})

describe('the jump to a date', () => {
  const times = ['2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z', '2027-01-02T00:00:00Z', '2027-01-05T00:00:00Z', '2027-01-09T00:00:00Z']
  const timeOf = async (p: number) => times[p - 1]

  it('finds the first event at or after the date by binary search, reading few events', async () => {
    let reads = 0
    const counted = async (p: number) => (reads++, timeOf(p))
    expect(await firstAtOrAfter('2027-01-02T00:00:00Z', 5, counted)).toBe(2)
    expect(reads).toBeLessThanOrEqual(3)
    expect(await firstAtOrAfter('2027-01-03T00:00:00Z', 5, timeOf)).toBe(4)
    expect(await firstAtOrAfter('2026-01-01T00:00:00Z', 5, timeOf)).toBe(1)
  })

  it('answers one past the last position when every event is earlier', async () => {
    expect(await firstAtOrAfter('2028-01-01T00:00:00Z', 5, timeOf)).toBe(6)
  })
})
