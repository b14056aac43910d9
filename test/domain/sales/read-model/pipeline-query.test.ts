import { describe, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

/** One deal per stage, two in prospecting. */
function pipeline(): SalesLog {
  const log = new SalesLog()
  log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  const deal = (opportunityId: string, amount: string, ...commands: Array<[string, Record<string, unknown>?]>) => {
    log.run('CreateOpportunity', { opportunityId, customerId: 'acme', name: opportunityId, kind: 'new', amount, closeDate: '2027-03-31', salesOwner: 'rep-7' })
    for (const [command, extra] of commands) log.run(command, { opportunityId, ...extra })
  }
  deal('p1', '1000')
  deal('p2', '3000')
  deal('q1', '10000', ['QualifyOpportunity'])
  deal('r1', '20000', ['QualifyOpportunity'], ['SendProposal'])
  deal('w1', '7000', ['QualifyOpportunity'], ['SendProposal'], ['CloseOpportunity', { outcome: 'won' }])
  deal('l1', '9000', ['CloseOpportunity', { outcome: 'lost' }])
  return log
}

describe('Pipeline', () => {
  it('gives count, amount and weighted amount for all five stages in order, with the default probabilities', () => {
    givenLog(sales, pipeline()).whenQuery('Pipeline').then({
      stages: [
        { stage: 'prospecting', count: 2, amount: '4000.00', weightedAmount: '400.00' },
        { stage: 'qualification', count: 1, amount: '10000.00', weightedAmount: '2500.00' },
        { stage: 'proposal', count: 1, amount: '20000.00', weightedAmount: '12000.00' },
        { stage: 'closed_won', count: 1, amount: '7000.00', weightedAmount: '7000.00' },
        { stage: 'closed_lost', count: 1, amount: '9000.00', weightedAmount: '0.00' },
      ],
      openAmount: '34000.00',
      weightedAmount: '14900.00',
    })
  })

  it('weighs by the probabilities in settings; a stage not set keeps its default', () => {
    givenLog(sales, pipeline(), { settings: { stageProbabilities: { prospecting: 0.2, proposal: 0.5 } } }).whenQuery('Pipeline').then({
      stages: [
        { stage: 'prospecting', count: 2, amount: '4000.00', weightedAmount: '800.00' },
        { stage: 'qualification', count: 1, amount: '10000.00', weightedAmount: '2500.00' },
        { stage: 'proposal', count: 1, amount: '20000.00', weightedAmount: '10000.00' },
        { stage: 'closed_won', count: 1, amount: '7000.00', weightedAmount: '7000.00' },
        { stage: 'closed_lost', count: 1, amount: '9000.00', weightedAmount: '0.00' },
      ],
      openAmount: '34000.00',
      weightedAmount: '13300.00',
    })
  })

  it('follows amount changes and reopened deals', () => {
    const log = pipeline()
    log.run('UpdateOpportunity', { opportunityId: 'r1', amount: '25000.50' })
    log.run('ReopenOpportunity', { opportunityId: 'w1' })
    givenLog(sales, log).whenQuery('Pipeline').then({
      stages: [
        { stage: 'prospecting', count: 2, amount: '4000.00', weightedAmount: '400.00' },
        { stage: 'qualification', count: 1, amount: '10000.00', weightedAmount: '2500.00' },
        { stage: 'proposal', count: 2, amount: '32000.50', weightedAmount: '19200.30' },
        { stage: 'closed_won', count: 0, amount: '0.00', weightedAmount: '0.00' },
        { stage: 'closed_lost', count: 1, amount: '9000.00', weightedAmount: '0.00' },
      ],
      openAmount: '46000.50',
      weightedAmount: '22100.30',
    })
  })

  it('is all zeros on an empty log', () => {
    const stages = ['prospecting', 'qualification', 'proposal', 'closed_won', 'closed_lost']
    givenLog(sales, new SalesLog()).whenQuery('Pipeline').then({
      stages: stages.map((stage) => ({ stage, count: 0, amount: '0.00', weightedAmount: '0.00' })),
      openAmount: '0.00',
      weightedAmount: '0.00',
    })
  })
})
