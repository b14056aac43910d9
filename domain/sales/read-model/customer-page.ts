import { z } from 'zod'
import type { QueryDefinition } from '../../kernel/index.ts'
import { isOpen, type ChurnRisk } from '../stages.ts'
import { sumMoney } from './cents.ts'
import { row, type OpportunityRow } from './customers-and-opportunities.ts'
import { revenueAtRiskOf, type CustomerRevenueAtRisk } from './revenue-at-risk.ts'
import { customerOf, opportunitiesOfCustomer, type OpportunityRecord, type SalesBookState } from './sales-book-state.ts'

/** One change of a customer's churn risk, as the customer page lists it: the level, from what, why, who and when. */
export interface ChurnRiskChange {
  position: number
  at: string
  level: ChurnRisk
  previousLevel: ChurnRisk
  reason: string | null
  actor: string | null
  policy: string | null
}

/** A count of deals and their summed amount. */
export interface DealTotal {
  count: number
  amount: string
}

/** What `CustomerPage` answers: everything a rep's page of one customer shows. */
export interface CustomerPage {
  customerId: string
  name: string
  segment: string | null
  churnRisk: ChurnRisk
  /** When the customer was registered (null if its stream holds no registration, as in a trimmed log). */
  registeredAt: string | null
  /** Every deal of the customer, open and closed, in creation order. */
  deals: OpportunityRow[]
  totals: { open: DealTotal; won: DealTotal; lost: DealTotal }
  /** Every change of the churn risk, oldest first (a new customer starts at low). */
  churnRiskHistory: ChurnRiskChange[]
  /** As the RevenueAtRisk read model shows this customer (empty with "0.00" when nothing is flagged). */
  revenueAtRisk: CustomerRevenueAtRisk
}

function total(deals: OpportunityRecord[]): DealTotal {
  return { count: deals.length, amount: sumMoney(deals.map((d) => d.amount)) }
}

/**
 * `CustomerPage {customerId}`: one customer with its deals (open and closed) and their totals, its churn
 * risk now and every change of it with the reason, who and when (read from the customer's stream, up to
 * the query's `asOf`), and its revenue at risk as the RevenueAtRisk read model counts it. Null for a
 * customer that does not exist (yet, as of `asOf`).
 */
export const customerPageQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({ customerId: z.string().min(1) }),
  run(state, params, context): CustomerPage | null {
    const customerId = String(params.customerId)
    const customer = customerOf(state, customerId)
    if (!customer) return null
    const deals = opportunitiesOfCustomer(state, customerId)
    const churnRiskHistory: ChurnRiskChange[] = []
    let registeredAt: string | null = null
    for (const event of context.readStream(`Customer-${customerId}`)) {
      if (event.type === 'CustomerRegistered') registeredAt = event.at
      if (event.type !== 'ChurnRiskFlagged') continue
      const data = event.data as { level: ChurnRisk; previousLevel: ChurnRisk; reason?: string | null }
      churnRiskHistory.push({
        position: event.position,
        at: event.at,
        level: data.level,
        previousLevel: data.previousLevel,
        reason: data.reason ?? null,
        actor: event.meta.actor ?? null,
        policy: event.meta.policy ?? null,
      })
    }
    return {
      customerId,
      name: customer.name,
      segment: customer.segment,
      churnRisk: customer.churnRisk,
      registeredAt,
      deals: deals.map(row),
      totals: {
        open: total(deals.filter((d) => isOpen(d.stage))),
        won: total(deals.filter((d) => d.stage === 'closed_won')),
        lost: total(deals.filter((d) => d.stage === 'closed_lost')),
      },
      churnRiskHistory,
      revenueAtRisk: revenueAtRiskOf(state, customerId),
    }
  },
}
