import { describe, expect, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

const policy = { policy: 'RevenueAtRisk' }

function atRisk(): SalesLog {
  const log = new SalesLog()
  for (const [customerId, name] of [['acme', 'Acme'], ['globex', 'Globex'], ['initech', 'Initech']]) log.run('RegisterCustomer', { customerId, name })
  const deal = (opportunityId: string, customerId: string, amount: string) =>
    log.run('CreateOpportunity', { opportunityId, customerId, name: `Deal ${opportunityId}`, kind: 'expansion', amount, closeDate: '2027-03-31', salesOwner: 'rep-7' })
  deal('g1', 'globex', '300')
  deal('a1', 'acme', '1000')
  deal('a2', 'acme', '2000.5')
  deal('i1', 'initech', '9999')
  log.run('FlagChurnRisk', { customerId: 'globex', level: 'high' })
  log.run('FlagChurnRisk', { customerId: 'acme', level: 'high' })
  for (const [opportunityId, customerId] of [['g1', 'globex'], ['a1', 'acme'], ['a2', 'acme']]) log.run('FlagRevenueAtRisk', { opportunityId, customerId }, policy)
  return log
}

describe('RevenueAtRisk read model', () => {
  it('lists customers in the order registered with their flagged deals, sums and total', () => {
    givenLog(sales, atRisk()).whenQuery('RevenueAtRisk').then({
      customers: [
        {
          customerId: 'acme',
          name: 'Acme',
          churnRisk: 'high',
          opportunities: [
            { opportunityId: 'a1', name: 'Deal a1', amount: '1000.00', closeDate: '2027-03-31' },
            { opportunityId: 'a2', name: 'Deal a2', amount: '2000.50', closeDate: '2027-03-31' },
          ],
          amount: '3000.50',
        },
        {
          customerId: 'globex',
          name: 'Globex',
          churnRisk: 'high',
          opportunities: [{ opportunityId: 'g1', name: 'Deal g1', amount: '300.00', closeDate: '2027-03-31' }],
          amount: '300.00',
        },
      ],
      total: '3300.50',
    })
  })

  it('shows flagged deals at their current amount, name and close date', () => {
    const log = atRisk()
    log.run('UpdateOpportunity', { opportunityId: 'a1', amount: '1500', name: 'Bigger', closeDate: '2027-05-01' })
    givenLog(sales, log).whenQuery('RevenueAtRisk').then({
      customers: [
        {
          customerId: 'acme',
          name: 'Acme',
          churnRisk: 'high',
          opportunities: [
            { opportunityId: 'a1', name: 'Bigger', amount: '1500.00', closeDate: '2027-05-01' },
            { opportunityId: 'a2', name: 'Deal a2', amount: '2000.50', closeDate: '2027-03-31' },
          ],
          amount: '3500.50',
        },
        expect.objectContaining({ customerId: 'globex', amount: '300.00' }),
      ],
      total: '3800.50',
    })
  })

  it('drops cleared deals, and customers left with none', () => {
    const log = atRisk()
    log.run('ClearRevenueAtRisk', { opportunityId: 'g1', reason: 'churn_risk_lowered' }, policy)
    log.run('ClearRevenueAtRisk', { opportunityId: 'a2', reason: 'opportunity_lost' }, policy)
    givenLog(sales, log).whenQuery('RevenueAtRisk').then({
      customers: [expect.objectContaining({ customerId: 'acme', opportunities: [expect.objectContaining({ opportunityId: 'a1' })], amount: '1000.00' })],
      total: '1000.00',
    })
  })

  it('shows the customer’s current churn risk', () => {
    const log = atRisk()
    log.run('FlagChurnRisk', { customerId: 'acme', level: 'medium' })
    givenLog(sales, log)
      .whenQuery('RevenueAtRisk')
      .thenMatches({ customers: [{ customerId: 'acme', churnRisk: 'medium' }, { customerId: 'globex', churnRisk: 'high' }] })
  })

  it('is empty with a zero total when nothing is flagged', () => {
    givenLog(sales, new SalesLog()).whenQuery('RevenueAtRisk').then({ customers: [], total: '0.00' })
  })
})
