import { describe, expect, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

/** A log that touches every event the sales projections fold, with awkward ids. */
function everything(): SalesLog {
  const log = new SalesLog()
  for (const customerId of ['acme', '__proto__', 'constructor', '42']) log.run('RegisterCustomer', { customerId, name: `Name ${customerId}` })
  log.run('FlagChurnRisk', { customerId: '__proto__', level: 'high' })
  const deal = (opportunityId: string, customerId: string) =>
    log.run('CreateOpportunity', { opportunityId, customerId, name: opportunityId, kind: 'expansion', amount: '1000.10', closeDate: '2027-03-31', salesOwner: 'rep-7' })
  deal('7', 'acme')
  deal('__proto__', '__proto__')
  deal('hasOwnProperty', '42')
  for (const command of ['QualifyOpportunity', 'SendProposal', 'AcceptContract']) log.run(command, { opportunityId: '7' })
  log.run('CloseOpportunity', { opportunityId: '7', outcome: 'won' })
  log.run('FlagRevenueAtRisk', { opportunityId: '__proto__', customerId: '__proto__' }, { policy: 'RevenueAtRisk' })
  log.advance(30).run('UpdateOpportunity', { opportunityId: 'hasOwnProperty', amount: '2000', closeDate: '2027-04-30' })
  log.run('CloseOpportunity', { opportunityId: 'hasOwnProperty', outcome: 'lost' })
  log.run('ReopenOpportunity', { opportunityId: 'hasOwnProperty' })
  log.run('RegisterCustomer', { customerId: 'late', name: 'Late' })
  log.run('CreateOpportunity', { opportunityId: 'toString', customerId: 'constructor', name: 'x', kind: 'new', amount: '5', closeDate: '2027-03-31', salesOwner: 'rep-7' })
  return log
}

const queries: Array<[string, Record<string, unknown>]> = [
  ['Pipeline', {}],
  ['RevenueAtRisk', {}],
  ['SalesMetrics', {}],
  ['Customers', {}],
  ['Opportunities', {}],
  ['Opportunities', { customerId: '__proto__' }],
  ['Opportunity', { opportunityId: '__proto__' }],
  ['CustomerOpportunities', { customerId: 'constructor' }],
  ['OpportunityHistory', { opportunityId: 'hasOwnProperty' }],
]

describe('sales projections through a checkpoint', () => {
  it.each(sales.projections.map((p) => [p.name, p] as const))('%s state survives JSON.stringify/parse unchanged', (_name, projection) => {
    const state = everything().fold(projection)
    expect(JSON.parse(JSON.stringify(state))).toEqual(state)
  })

  it.each([3, 10, 20])('answers every query the same when the state went through JSON after %i events', (checkpointAt) => {
    const log = everything()
    for (const [name, params] of queries) {
      givenLog(sales, log, { checkpointAt }).whenQuery(name, params).then(givenLog(sales, log).whenQuery(name, params).result())
    }
  })

  it('keeps ids that are also names of Object properties apart', () => {
    const read = givenLog(sales, everything())
    read.whenQuery('Customers').thenMatches(['acme', '__proto__', 'constructor', '42', 'late'].map((customerId) => ({ customerId })))
    read.whenQuery('Opportunities').thenMatches(['7', '__proto__', 'hasOwnProperty', 'toString'].map((opportunityId) => ({ opportunityId })))
    read.whenQuery('RevenueAtRisk').thenMatches({ customers: [{ customerId: '__proto__', churnRisk: 'high' }], total: '1000.10' })
    read.whenQuery('Opportunity', { opportunityId: 'hasOwnProperty' }).thenMatches({ stage: 'prospecting', amount: '2000.00' })
    givenLog(sales, everything(), { checkpointAt: 5 }).whenQuery('CustomerOpportunities', { customerId: 'constructor' }).thenMatches({
      churnRisk: 'low',
      opportunities: [{ opportunityId: 'toString' }],
    })
  })
})
