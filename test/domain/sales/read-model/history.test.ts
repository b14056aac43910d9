import { describe, expect, it } from 'vitest'
import { OpportunityHistory, sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

describe('OpportunityHistory', () => {
  it("lists the opportunity's events in order with time, actor or policy, and data", () => {
    const log = new SalesLog()
    log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    log.run('CreateOpportunity', {
      opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'expansion', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7',
    }, { actor: 'rep-7' })
    log.run('CreateOpportunity', {
      opportunityId: 'o-2', customerId: 'acme', name: 'Other', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7',
    })
    log.advance(1).run('QualifyOpportunity', { opportunityId: 'o-1' }, { actor: 'rep-9' })
    log.run('FlagRevenueAtRisk', { opportunityId: 'o-1', customerId: 'acme' }, { policy: 'RevenueAtRisk' })

    givenLog(sales, log).whenQuery('OpportunityHistory', { opportunityId: 'o-1' }).then([
      expect.objectContaining({
        type: 'OpportunityCreated', at: '2027-01-04T09:00:00.000Z', actor: 'rep-7', policy: null,
        data: expect.objectContaining({ opportunityId: 'o-1', stage: 'prospecting' }),
      }),
      expect.objectContaining({ type: 'OpportunityQualified', at: '2027-01-05T09:00:00.000Z', actor: 'rep-9', policy: null, data: { opportunityId: 'o-1' } }),
      expect.objectContaining({
        type: 'RevenueAtRiskFlagged', actor: null, policy: 'RevenueAtRisk', command: 'FlagRevenueAtRisk',
        data: { opportunityId: 'o-1', customerId: 'acme', amount: '100.00' },
      }),
    ])
  })

  it('is empty for an opportunity that does not exist', () => {
    givenLog(sales, new SalesLog()).whenQuery('OpportunityHistory', { opportunityId: 'nope' }).then([])
  })

  it('keeps no events in memory: it reads them from the log', () => {
    const log = new SalesLog()
    log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    log.run('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    givenLog(sales, log).whenQuery('OpportunityHistory', { opportunityId: 'o-1' }).thenMatches([{ type: 'OpportunityCreated' }])
    expect(OpportunityHistory.on).toEqual([])
    expect(OpportunityHistory.init()).toEqual({})
    expect(log.fold(OpportunityHistory)).toEqual({})
  })
})
