import { describe, expect, it } from 'vitest'
import { SalesLog } from '../sales-log.ts'

function book(): SalesLog {
  const log = new SalesLog()
  log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme', segment: 'enterprise' })
  log.run('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
  log.run('FlagChurnRisk', { customerId: 'globex', level: 'medium' })
  const deal = (opportunityId: string, customerId: string, kind: string, salesOwner: string) =>
    log.run('CreateOpportunity', { opportunityId, customerId, name: `Deal ${opportunityId}`, kind, amount: '100', closeDate: '2027-03-31', salesOwner })
  deal('o-2', 'globex', 'new', 'rep-7')
  deal('o-1', 'acme', 'expansion', 'rep-9')
  deal('o-3', 'acme', 'renewal', 'rep-7')
  log.run('QualifyOpportunity', { opportunityId: 'o-3' })
  return log
}

const ids = (rows: Array<{ opportunityId: string }>) => rows.map((r) => r.opportunityId)

describe('Customers', () => {
  it('lists customers in the order registered with segment and churn risk', () => {
    expect(book().query('Customers')).toEqual([
      { customerId: 'acme', name: 'Acme', segment: 'enterprise', churnRisk: 'low' },
      { customerId: 'globex', name: 'Globex', segment: null, churnRisk: 'medium' },
    ])
  })
})

describe('Opportunities', () => {
  it('lists every opportunity in creation order with its current fields', () => {
    const rows = book().query('Opportunities')
    expect(ids(rows)).toEqual(['o-2', 'o-1', 'o-3'])
    expect(rows[2]).toEqual({
      opportunityId: 'o-3', customerId: 'acme', name: 'Deal o-3', kind: 'renewal', stage: 'qualification',
      amount: '100.00', closeDate: '2027-03-31', salesOwner: 'rep-7', flagged: false,
    })
  })

  it('filters by customer, stage and sales owner, together', () => {
    const log = book()
    expect(ids(log.query('Opportunities', { customerId: 'acme' }))).toEqual(['o-1', 'o-3'])
    expect(ids(log.query('Opportunities', { stage: 'prospecting' }))).toEqual(['o-2', 'o-1'])
    expect(ids(log.query('Opportunities', { salesOwner: 'rep-7' }))).toEqual(['o-2', 'o-3'])
    expect(ids(log.query('Opportunities', { customerId: 'acme', salesOwner: 'rep-7', stage: 'qualification' }))).toEqual(['o-3'])
    expect(log.query('Opportunities', { customerId: 'nobody' })).toEqual([])
  })

  it('refuses an unknown stage', () => {
    expect(() => book().query('Opportunities', { stage: 'won' })).toThrow()
  })
})

describe('Opportunity', () => {
  it('gives one opportunity with its timestamps, or null', () => {
    const log = book()
    expect(log.query('Opportunity', { opportunityId: 'o-1' })).toMatchObject({
      opportunityId: 'o-1', stage: 'prospecting', createdAt: '2027-01-04T09:00:00.000Z', closedAt: null, lastEventAt: '2027-01-04T09:00:00.000Z',
    })
    expect(log.query('Opportunity', { opportunityId: 'constructor' })).toBeNull()
  })
})

describe('CustomerOpportunities', () => {
  it("gives a customer's churn risk and opportunities in creation order", () => {
    const result = book().query('CustomerOpportunities', { customerId: 'acme' })
    expect(result.churnRisk).toBe('low')
    expect(ids(result.opportunities)).toEqual(['o-1', 'o-3'])
  })

  it('has a null churn risk and no opportunities for an unknown customer', () => {
    expect(book().query('CustomerOpportunities', { customerId: 'toString' })).toEqual({ customerId: 'toString', churnRisk: null, opportunities: [] })
  })
})
