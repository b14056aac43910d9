import type { Projection } from '../../kernel/index.ts'
import { BOOK_EVENTS, applyToBook, initBook, type SalesBookState } from './sales-book-state.ts'
import { customerOpportunitiesQuery, customersQuery, opportunitiesQuery, opportunityQuery } from './customers-and-opportunities.ts'
import { customerPageQuery } from './customer-page.ts'
import { revenueAtRiskQuery } from './revenue-at-risk.ts'
import { salesMetricsQuery } from './sales-metrics.ts'

/**
 * The sales read model (the green sticky): one compact record per customer and per opportunity, folded
 * once, answering every sales query but Pipeline and OpportunityHistory.
 */
export const SalesBook: Projection<SalesBookState> = {
  name: 'SalesBook',
  init: initBook,
  on: BOOK_EVENTS,
  apply: applyToBook,
  queries: {
    RevenueAtRisk: revenueAtRiskQuery,
    SalesMetrics: salesMetricsQuery,
    Customers: customersQuery,
    Opportunities: opportunitiesQuery,
    Opportunity: opportunityQuery,
    CustomerOpportunities: customerOpportunitiesQuery,
    CustomerPage: customerPageQuery,
  },
}
