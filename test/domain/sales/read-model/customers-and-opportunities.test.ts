import { describe, expect, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
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

/** Rows that are these opportunities, in this order (the other fields unchecked). */
const ids = (...opportunityIds: string[]) => opportunityIds.map((opportunityId) => ({ opportunityId }))

describe('Customers', () => {
  it('lists customers in the order registered with segment and churn risk', () => {
    givenLog(sales, book()).whenQuery('Customers').then([
      { customerId: 'acme', name: 'Acme', segment: 'enterprise', churnRisk: 'low' },
      { customerId: 'globex', name: 'Globex', segment: null, churnRisk: 'medium' },
    ])
  })
})

describe('Opportunities', () => {
  it('lists every opportunity in creation order with its current fields', () => {
    const [, , o3] = givenLog(sales, book()).whenQuery('Opportunities').thenMatches(ids('o-2', 'o-1', 'o-3'))
    expect(o3).toEqual({
      opportunityId: 'o-3', customerId: 'acme', name: 'Deal o-3', kind: 'renewal', stage: 'qualification',
      amount: '100.00', closeDate: '2027-03-31', salesOwner: 'rep-7', flagged: false, nextStep: null,
    })
  })

  it('filters by customer, stage and sales owner, together', () => {
    const read = givenLog(sales, book())
    read.whenQuery('Opportunities', { customerId: 'acme' }).thenMatches(ids('o-1', 'o-3'))
    read.whenQuery('Opportunities', { stage: 'prospecting' }).thenMatches(ids('o-2', 'o-1'))
    read.whenQuery('Opportunities', { salesOwner: 'rep-7' }).thenMatches(ids('o-2', 'o-3'))
    read.whenQuery('Opportunities', { customerId: 'acme', salesOwner: 'rep-7', stage: 'qualification' }).thenMatches(ids('o-3'))
    read.whenQuery('Opportunities', { customerId: 'nobody' }).then([])
  })

  it('refuses an unknown stage', () => {
    givenLog(sales, book()).whenQuery('Opportunities', { stage: 'won' }).thenRejects('INVALID_QUERY', 'stage')
  })
})

describe('Opportunity', () => {
  it('gives one opportunity with its timestamps, or null', () => {
    const read = givenLog(sales, book())
    read.whenQuery('Opportunity', { opportunityId: 'o-1' }).thenMatches({
      opportunityId: 'o-1', stage: 'prospecting', createdAt: '2027-01-04T09:00:00.000Z', closedAt: null, lastEventAt: '2027-01-04T09:00:00.000Z',
    })
    read.whenQuery('Opportunity', { opportunityId: 'constructor' }).then(null)
  })
})

describe('CustomerOpportunities', () => {
  it("gives a customer's churn risk and opportunities in creation order", () => {
    givenLog(sales, book()).whenQuery('CustomerOpportunities', { customerId: 'acme' }).thenMatches({ churnRisk: 'low', opportunities: ids('o-1', 'o-3') })
  })

  it('has a null churn risk and no opportunities for an unknown customer', () => {
    givenLog(sales, book()).whenQuery('CustomerOpportunities', { customerId: 'toString' }).then({ customerId: 'toString', churnRisk: null, opportunities: [] })
  })
})
