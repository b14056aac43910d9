import { describe, expect, it } from 'vitest'
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
    expect(pipeline().query('Pipeline')).toEqual({
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
    const result = pipeline().query('Pipeline', {}, { stageProbabilities: { prospecting: 0.2, proposal: 0.5 } })
    expect(result.stages.map((s: { weightedAmount: string }) => s.weightedAmount)).toEqual(['800.00', '2500.00', '10000.00', '7000.00', '0.00'])
    expect(result.weightedAmount).toBe('13300.00')
    expect(result.openAmount).toBe('34000.00')
  })

  it('follows amount changes and reopened deals', () => {
    const log = pipeline()
    log.run('UpdateOpportunity', { opportunityId: 'r1', amount: '25000.50' })
    log.run('ReopenOpportunity', { opportunityId: 'w1' })
    const result = log.query('Pipeline')
    expect(result.stages[2]).toEqual({ stage: 'proposal', count: 2, amount: '32000.50', weightedAmount: '19200.30' })
    expect(result.stages[3]).toEqual({ stage: 'closed_won', count: 0, amount: '0.00', weightedAmount: '0.00' })
    expect(result.openAmount).toBe('46000.50')
    expect(result.weightedAmount).toBe('22100.30')
  })

  it('is all zeros on an empty log', () => {
    const result = new SalesLog().query('Pipeline')
    expect(result.stages).toHaveLength(5)
    expect(result.stages.every((s: { count: number; amount: string }) => s.count === 0 && s.amount === '0.00')).toBe(true)
    expect(result).toMatchObject({ openAmount: '0.00', weightedAmount: '0.00' })
  })
})
