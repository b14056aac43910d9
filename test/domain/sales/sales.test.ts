import { describe, expect, it } from 'vitest'
import { sales, salesSettingsSchema } from '../../../domain/sales/index.ts'
import { DEFAULT_STAGE_PROBABILITIES, stageProbabilities } from '../../../domain/sales/stages.ts'

describe('the sales context', () => {
  it('registers its aggregates, policies and projections under their DOMAIN.md names', () => {
    expect(sales.name).toBe('sales')
    expect(sales.aggregates.map((a) => a.name)).toEqual(['Customer', 'Opportunity'])
    expect(sales.policies.map((p) => p.name)).toEqual(['AutoWinOnContractAccepted', 'RevenueAtRisk'])
    const queries = sales.projections.flatMap((p) => Object.keys(p.queries))
    expect(queries).toEqual(expect.arrayContaining(['Pipeline', 'RevenueAtRisk', 'OpportunityHistory', 'SalesMetrics', 'Customers', 'Opportunities']))
    expect(new Set(queries).size).toBe(queries.length)
  })

  it('names every command once across its aggregates', () => {
    const commands = sales.aggregates.flatMap((a) => Object.keys(a.commands))
    expect(new Set(commands).size).toBe(commands.length)
    expect(commands).toHaveLength(13)
  })

  it('has settings whose defaults are DOMAIN.md’s', () => {
    expect(sales.settings?.parse({})).toEqual({
      stageProbabilities: { prospecting: 0.1, qualification: 0.25, proposal: 0.6, closed_won: 1, closed_lost: 0 },
      staleDays: 14,
      currency: 'USD',
    })
  })

  it('refuses a probability outside 0..1 and a stale threshold that is not a positive integer', () => {
    expect(salesSettingsSchema.safeParse({ stageProbabilities: { proposal: 1.5 } }).success).toBe(false)
    expect(salesSettingsSchema.safeParse({ staleDays: 0 }).success).toBe(false)
    expect(salesSettingsSchema.safeParse({ staleDays: 2.5 }).success).toBe(false)
    expect(salesSettingsSchema.parse({ staleDays: 7 }).staleDays).toBe(7)
  })
})

describe('stageProbabilities (the renderer weighs its columns with it, without zod)', () => {
  it('gives the same probabilities as the settings schema, for no settings and for a partial setting', () => {
    expect(stageProbabilities({})).toEqual(salesSettingsSchema.parse({}).stageProbabilities)
    const partial = { stageProbabilities: { prospecting: 0.2, proposal: 0.5 } }
    expect(stageProbabilities(partial)).toEqual(salesSettingsSchema.parse(partial).stageProbabilities)
    expect(stageProbabilities(partial)).toEqual({ prospecting: 0.2, qualification: 0.25, proposal: 0.5, closed_won: 1, closed_lost: 0 })
  })

  it('keeps the default of a stage whose value is not a probability', () => {
    expect(stageProbabilities({ stageProbabilities: { prospecting: 2, qualification: '0.3', proposal: -1, closed_won: 0.9 } })).toEqual({
      ...DEFAULT_STAGE_PROBABILITIES,
      closed_won: 0.9,
    })
    expect(stageProbabilities({ stageProbabilities: null })).toEqual(DEFAULT_STAGE_PROBABILITIES)
  })
})
