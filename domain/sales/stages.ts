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

/** How likely a deal in each stage is to be won, unless the workspace's settings say otherwise. */
export const DEFAULT_STAGE_PROBABILITIES: Readonly<Record<SalesStage, number>> = {
  prospecting: 0.1,
  qualification: 0.25,
  proposal: 0.6,
  closed_won: 1,
  closed_lost: 0,
}

/**
 * The stage probabilities of settings the host has already checked (SETTINGS_INVALID refuses bad ones),
 * each stage not set falling back to its default. Without a schema library: the renderer uses it too.
 */
export function stageProbabilities(settings: Readonly<Record<string, unknown>>): Record<SalesStage, number> {
  const given = (settings.stageProbabilities ?? {}) as Partial<Record<SalesStage, unknown>>
  const out = { ...DEFAULT_STAGE_PROBABILITIES }
  for (const stage of SALES_STAGES) {
    const value = given[stage]
    if (typeof value === 'number' && value >= 0 && value <= 1) out[stage] = value
  }
  return out
}

/** Days without an event after which an open opportunity is stale, by default (DOMAIN.md: 14). */
export const DEFAULT_STALE_DAYS = 14

/**
 * The stale days of settings the host has already checked, or the default. Without a schema library,
 * so the renderer's first screen does not load one.
 */
export function staleDaysOf(settings: Readonly<Record<string, unknown>>): number {
  const value = settings.staleDays
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_STALE_DAYS
}
