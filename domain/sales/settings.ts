import { z } from 'zod'
import { CURRENCY_CODE } from './currency.ts'
import { DEFAULT_CURRENCY } from './settings-defaults.ts'
import { DEFAULT_STAGE_PROBABILITIES, DEFAULT_STALE_DAYS } from './stages.ts'

const probability = (fallback: number) => z.number().min(0).max(1).default(fallback)

/** The sales context's workspace settings; every field has a default, so `{}` parses to the defaults. */
export const salesSettingsSchema = z.object({
  /** Chance that an opportunity in each stage is won: the weight of the weighted pipeline. */
  stageProbabilities: z
    .object({
      prospecting: probability(DEFAULT_STAGE_PROBABILITIES.prospecting),
      qualification: probability(DEFAULT_STAGE_PROBABILITIES.qualification),
      proposal: probability(DEFAULT_STAGE_PROBABILITIES.proposal),
      closed_won: probability(DEFAULT_STAGE_PROBABILITIES.closed_won),
      closed_lost: probability(DEFAULT_STAGE_PROBABILITIES.closed_lost),
    })
    .prefault({}),
  /** An open opportunity with no event for this many days counts as stale. */
  staleDays: z.number().int().positive().default(DEFAULT_STALE_DAYS),
  /** The currency amounts are shown in (display only: amounts carry no currency), an ISO 4217 code. */
  currency: z.string().regex(CURRENCY_CODE, 'must be a three-letter currency code, like USD or EUR').default(DEFAULT_CURRENCY),
})

/** The sales settings with defaults filled in. */
type SalesSettings = z.infer<typeof salesSettingsSchema>

/** The sales settings out of the (merged) workspace settings; a value that does not fit falls back to defaults. */
export function salesSettings(settings: Readonly<Record<string, unknown>>): SalesSettings {
  const parsed = salesSettingsSchema.safeParse(settings)
  return parsed.success ? parsed.data : salesSettingsSchema.parse({})
}
