import { describe, expect, it } from 'vitest'
import { describeEvent, describeRestore } from '../../../renderer/pipeline/describe.ts'

describe('a deal’s history in words', () => {
  it('says what an update changed, field by field, amounts grouped', () => {
    expect(describeEvent('OpportunityUpdated', { changes: { amount: { from: '48000.00', to: '52000.00' }, closeDate: { from: '2027-06-30', to: '2027-07-31' } } }))
      .toBe('amount $48,000.00 → $52,000.00; close date 2027-06-30 → 2027-07-31')
  })

  it('names stages by their board labels, and gives reasons and next steps', () => {
    expect(describeEvent('OpportunityQualified', {})).toBe('stage Prospecting → Qualification')
    expect(describeEvent('OpportunityLost', { reason: 'Price' })).toBe('stage → Lost (Price)')
    expect(describeEvent('OpportunityReopened', { stage: 'proposal', reason: null })).toBe('reopened into Proposal')
    expect(describeEvent('NextStepScheduled', { text: 'Call the CFO', due: '2027-01-10' })).toBe('next step: Call the CFO, due 2027-01-10')
  })

  it('says what an undo puts back, by the deal’s name', () => {
    expect(describeRestore({ amount: { from: '48000.00' } }, 'Acme platform')).toBe('amount of Acme platform back to $48,000.00')
  })
})
