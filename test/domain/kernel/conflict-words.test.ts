import { describe, expect, it } from 'vitest'
import { commandInWords, eventInWords, ruleInWords } from '../../../domain/kernel/conflict-words.ts'

const names = new Map([['o-7', 'Acme platform'], ['acme', 'Acme Corp']])

describe('a conflict in words', () => {
  it('says a refused command with the deal name and its amount, never the id', () => {
    const text = commandInWords('UpdateOpportunity', { opportunityId: 'o-7', amount: '52000', closeDate: '2027-06-30' }, names)
    expect(text).toBe('Update opportunity Acme platform: amount 52,000.00; close date 2027-06-30')
    expect(text).not.toContain('o-7')
  })

  it('says theirs with the deal, what changed and who did it', () => {
    const event = { type: 'OpportunityUpdated', data: { opportunityId: 'o-7', changes: { amount: { from: '48000', to: '50000' } } }, meta: { actor: 'lena' } as never }
    expect(eventInWords(event, names)).toBe('Opportunity updated: Acme platform, amount 48,000.00 → 50,000.00 (by lena)')
    const lost = { type: 'OpportunityLost', data: { opportunityId: 'o-7', reason: 'budget cut' }, meta: { actor: 'lena' } as never }
    expect(eventInWords(lost, names)).toBe('Opportunity lost: Acme platform, reason budget cut (by lena)')
  })

  it('puts names in the rule that refused it', () => {
    expect(ruleInWords('Opportunity o-7 is closed (closed_lost)', names)).toBe('Opportunity Acme platform is closed (closed lost)')
  })
})
