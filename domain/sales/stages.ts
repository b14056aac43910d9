import { z } from 'zod'

/** The CRM pipeline stages in their order on the board (DOMAIN.md `SalesStage`). */
export const SALES_STAGES = ['prospecting', 'qualification', 'proposal', 'closed_won', 'closed_lost'] as const

/** Where an opportunity stands in the pipeline. */
export type SalesStage = (typeof SALES_STAGES)[number]

/** A stage an opportunity can be worked in (and reopened into). */
export type OpenStage = 'prospecting' | 'qualification' | 'proposal'

/** What kind of revenue an opportunity would bring. */
export const OPPORTUNITY_KINDS = ['new', 'expansion', 'renewal'] as const

/** New business, more from an existing customer, or keeping what a customer has. */
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number]

/** How likely a customer is to leave, as a rep judges it. */
export const CHURN_RISK_LEVELS = ['low', 'medium', 'high'] as const

/** A customer's churn risk. */
export type ChurnRisk = (typeof CHURN_RISK_LEVELS)[number]

/** Open = not closed (won or lost). */
export function isOpen(stage: SalesStage): stage is OpenStage {
  return stage !== 'closed_won' && stage !== 'closed_lost'
}

/** Schema of a stage name, for query parameters. */
export const salesStageSchema = z.enum(SALES_STAGES)
