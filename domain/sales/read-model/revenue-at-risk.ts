import { z } from 'zod'
import type { QueryDefinition } from '../../kernel/index.ts'
import { sumMoney } from './cents.ts'
import { opportunitiesOfCustomer, type SalesBookState } from './sales-book-state.ts'

/** One customer's revenue at risk: its flagged opportunities at their current amounts, and their sum. */
export interface CustomerRevenueAtRisk {
  opportunities: Array<{ opportunityId: string; name: string; amount: string; closeDate: string }>
  amount: string
}

/** A customer's opportunities flagged by the RevenueAtRisk policy (creation order), each at its current amount, and their sum. */
export function revenueAtRiskOf(state: SalesBookState, customerId: string): CustomerRevenueAtRisk {
  const opportunities = opportunitiesOfCustomer(state, customerId)
    .filter((o) => o.flagged)
    .map(({ opportunityId, name, amount, closeDate }) => ({ opportunityId, name, amount, closeDate }))
  return { opportunities, amount: sumMoney(opportunities.map((o) => o.amount)) }
}

/**
 * `RevenueAtRisk {}`: customers (in the order registered) with opportunities flagged by the RevenueAtRisk
 * policy, each flagged opportunity at its current amount, the customer's sum, and the total.
 */
export const revenueAtRiskQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({}),
  run(state) {
    const customers = []
    for (const customer of state.customers) {
      const { opportunities, amount } = revenueAtRiskOf(state, customer.customerId)
      if (opportunities.length === 0) continue
      const { customerId, name, churnRisk } = customer
      customers.push({ customerId, name, churnRisk, opportunities, amount })
    }
    return { customers, total: sumMoney(customers.map((c) => c.amount)) }
  },
}
