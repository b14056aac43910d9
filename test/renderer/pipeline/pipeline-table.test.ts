import { describe, expect, it } from 'vitest'
import type { OpportunityRow } from '../../../domain/sales/read-model/customers-and-opportunities.ts'
import { amountByCloseMonth } from '../../../renderer/pipeline/metrics.ts'
import { nextSort, sortOpportunities } from '../../../renderer/pipeline/table-sort.ts'

const row = (id: string, stage: OpportunityRow['stage'], amount: string, closeDate = '2027-02-28'): OpportunityRow => ({ opportunityId: id, customerId: id === 'a' ? 'zed' : 'abe', name: id, kind: 'new', stage, amount, closeDate, salesOwner: 'rep-7', flagged: false })
const rows = [row('a', 'proposal', '900.00', '2027-03-01'), row('b', 'prospecting', '10000.00', '2027-01-15'), row('c', 'closed_won', '95.50', '2027-03-20')]
const ids = (list: OpportunityRow[]) => list.map((r) => r.opportunityId)

describe('the pipeline table', () => {
  it('sorts amounts as decimals, not text', () => {
    expect(ids(sortOpportunities(rows, { key: 'amount', direction: 'asc' }, (id) => id))).toEqual(['c', 'a', 'b'])
    expect(ids(sortOpportunities(rows, { key: 'amount', direction: 'desc' }, (id) => id))).toEqual(['b', 'a', 'c'])
  })

  it('sorts stages in board order and customers by name', () => {
    expect(ids(sortOpportunities(rows, { key: 'stage', direction: 'asc' }, (id) => id))).toEqual(['b', 'a', 'c'])
    expect(ids(sortOpportunities(rows, { key: 'customer', direction: 'asc' }, (id) => id))).toEqual(['b', 'c', 'a'])
  })

  it('flips the direction on a second click of the same header', () => {
    expect(nextSort({ key: 'amount', direction: 'asc' }, 'amount')).toEqual({ key: 'amount', direction: 'desc' })
    expect(nextSort({ key: 'amount', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' })
  })
})

describe('amount by close month', () => {
  it('sums each month exactly, split by open, won and lost, in month order', () => {
    expect(amountByCloseMonth([...rows, row('d', 'prospecting', '0.10', '2027-03-02'), row('e', 'prospecting', '0.20', '2027-03-03')])).toEqual([
      { month: '2027-01', open: 10000, won: 0, lost: 0 },
      { month: '2027-03', open: 900.3, won: 95.5, lost: 0 },
    ])
  })
})
