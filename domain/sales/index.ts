import type { BoundedContext } from '../kernel/index.ts'
import { Customer } from './customer.ts'
import { Opportunity } from './opportunity.ts'
import { AutoWinOnContractAccepted } from './policies/auto-win-on-contract-accepted.ts'
import { RevenueAtRisk } from './policies/revenue-at-risk.ts'
import { OpportunityHistory } from './read-model/history.ts'
import { SalesBook } from './read-model/sales-book.ts'
import { PipelineProjection } from './read-model/pipeline-projection.ts'
import { salesKernelPreconditions } from './preconditions.ts'
import { salesSettingsSchema } from './settings.ts'
import { salesEventSchemas, salesUpcasters } from './upcasters.ts'

export { AutoWinOnContractAccepted } from './policies/auto-win-on-contract-accepted.ts'
export { RevenueAtRisk } from './policies/revenue-at-risk.ts'
export { OpportunityHistory } from './read-model/history.ts'
export { SalesBook } from './read-model/sales-book.ts'
export { PipelineProjection } from './read-model/pipeline-projection.ts'
export { salesPreconditions } from './preconditions.ts'
export { salesSettingsSchema } from './settings.ts'

/** The Sales (GTM) bounded context as the engine registers it. */
export const sales: BoundedContext = {
  name: 'sales',
  aggregates: [Customer, Opportunity],
  policies: [AutoWinOnContractAccepted, RevenueAtRisk],
  projections: [SalesBook, PipelineProjection, OpportunityHistory],
  eventSchemas: salesEventSchemas,
  upcasters: salesUpcasters,
  settings: salesSettingsSchema,
  preconditions: salesKernelPreconditions,
}
