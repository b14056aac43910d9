import { describe, expect, it } from 'vitest'
import { sales, salesSettingsSchema } from '../../../domain/sales/index.ts'

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
    expect(commands).toHaveLength(11)
  })

  it('has settings whose defaults are DOMAIN.md’s', () => {
    expect(sales.settings?.parse({})).toEqual({
      stageProbabilities: { prospecting: 0.1, qualification: 0.25, proposal: 0.6, closed_won: 1, closed_lost: 0 },
      staleDays: 14,
    })
  })

  it('refuses a probability outside 0..1 and a stale threshold that is not a positive integer', () => {
    expect(salesSettingsSchema.safeParse({ stageProbabilities: { proposal: 1.5 } }).success).toBe(false)
    expect(salesSettingsSchema.safeParse({ staleDays: 0 }).success).toBe(false)
    expect(salesSettingsSchema.safeParse({ staleDays: 2.5 }).success).toBe(false)
    expect(salesSettingsSchema.parse({ staleDays: 7 }).staleDays).toBe(7)
  })
})
