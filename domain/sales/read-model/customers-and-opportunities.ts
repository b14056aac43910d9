import { z } from 'zod'
import type { QueryDefinition } from '../../kernel/index.ts'
import { SALES_STAGES } from '../stages.ts'
import { customerOf, opportunitiesOfCustomer, opportunityOf, type OpportunityRecord, type SalesBookState } from './sales-book-state.ts'

/** An opportunity as the lists show it (a copy, so callers cannot touch the read model). */
export function row(record: OpportunityRecord): OpportunityRow {
  const { opportunityId, customerId, name, kind, stage, amount, closeDate, salesOwner, flagged, nextStep } = record
  return { opportunityId, customerId, name, kind, stage, amount, closeDate, salesOwner, flagged, nextStep: nextStep && { ...nextStep } }
}

/** `Customers {}`: every customer in the order registered, with segment and churn risk. */
export const customersQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({}),
  run: (state) => state.customers.map(({ customerId, name, segment, churnRisk }) => ({ customerId, name, segment, churnRisk })),
}

/** `Opportunities {customerId?, stage?, salesOwner?}`: opportunities in creation order, filtered by each given field. */
export const opportunitiesQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({ customerId: z.string().optional(), stage: z.enum(SALES_STAGES).optional(), salesOwner: z.string().optional() }),
  run(state, params) {
    const { customerId, stage, salesOwner } = params as { customerId?: string; stage?: string; salesOwner?: string }
    const pool = customerId === undefined ? state.opportunities : opportunitiesOfCustomer(state, customerId)
    return pool.filter((o) => (stage === undefined || o.stage === stage) && (salesOwner === undefined || o.salesOwner === salesOwner)).map(row)
  },
}

/** `Opportunity {opportunityId}`: one opportunity's current fields, or null when there is none. */
export const opportunityQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({ opportunityId: z.string() }),
  run(state, params) {
    const record = opportunityOf(state, String(params.opportunityId))
    return record ? { ...row(record), createdAt: record.createdAt, closedAt: record.closedAt, lastEventAt: record.lastEventAt } : null
  },
}

/**
 * `CustomerOpportunities {customerId}`: a customer's churn risk and opportunities in creation order: what the
 * RevenueAtRisk policy reads. `churnRisk` is null for an unknown customer.
 */
export const customerOpportunitiesQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({ customerId: z.string() }),
  run(state, params) {
    const customerId = String(params.customerId)
    return { customerId, churnRisk: customerOf(state, customerId)?.churnRisk ?? null, opportunities: opportunitiesOfCustomer(state, customerId).map(row) }
  },
}

/** What `CustomerOpportunities` answers. */
export interface CustomerOpportunities {
  customerId: string
  churnRisk: 'low' | 'medium' | 'high' | null
  opportunities: OpportunityRow[]
}

/** An opportunity as the lists and the `Opportunity` query show it. */
export interface OpportunityRow {
  opportunityId: string
  customerId: string
  name: string
  kind: OpportunityRecord['kind']
  stage: OpportunityRecord['stage']
  amount: string
  closeDate: string
  salesOwner: string
  flagged: boolean
  /** The scheduled next step; null (or absent, in rows made before next steps) when none. */
  nextStep?: { text: string; due: string } | null
}
