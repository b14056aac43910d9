import { dec } from '../../domain/kernel/money.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { SALES_STAGES } from './moves.ts'

/** The columns the pipeline table sorts by. */
export type SortKey = 'name' | 'customer' | 'stage' | 'amount' | 'closeDate' | 'salesOwner' | 'kind'

/** A sort: the column and its direction. */
export interface Sort {
  key: SortKey
  direction: 'asc' | 'desc'
}

/** The next sort when a header is clicked: a new column sorts ascending, the same column flips. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }
}

/** The rows sorted (amounts as decimals, stages in board order, text by locale); ties keep creation order. */
export function sortOpportunities(rows: OpportunityRow[], sort: Sort, customerName: (customerId: string) => string): OpportunityRow[] {
  const compare = (a: OpportunityRow, b: OpportunityRow): number => {
    switch (sort.key) {
      case 'amount':
        return dec(a.amount).comparedTo(dec(b.amount))
      case 'stage':
        return SALES_STAGES.indexOf(a.stage) - SALES_STAGES.indexOf(b.stage)
      case 'customer':
        return customerName(a.customerId).localeCompare(customerName(b.customerId))
      default:
        return String(a[sort.key]).localeCompare(String(b[sort.key]))
    }
  }
  const sign = sort.direction === 'asc' ? 1 : -1
  return rows.map((row, index) => ({ row, index })).sort((x, y) => sign * compare(x.row, y.row) || x.index - y.index).map((x) => x.row)
}
