import { z } from 'zod'
import type { QueryDefinition } from '../../kernel/index.ts'
import { sumMoney } from './cents.ts'
import { opportunitiesOfCustomer, type SalesBookState } from './sales-book-state.ts'

/**
 * `RevenueAtRisk {}`: customers (in the order registered) with opportunities flagged by the RevenueAtRisk
 * policy, each flagged opportunity at its current amount, the customer's sum, and the total.
 */
export const revenueAtRiskQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({}),
  run(state) {
    const customers = []
    for (const customer of state.customers) {
      const flagged = opportunitiesOfCustomer(state, customer.customerId).filter((o) => o.flagged)
      if (flagged.length === 0) continue
      const opportunities = flagged.map(({ opportunityId, name, amount, closeDate }) => ({ opportunityId, name, amount, closeDate }))
      const { customerId, name, churnRisk } = customer
      customers.push({ customerId, name, churnRisk, opportunities, amount: sumMoney(opportunities.map((o) => o.amount)) })
    }
    return { customers, total: sumMoney(customers.map((c) => c.amount)) }
  },
}
