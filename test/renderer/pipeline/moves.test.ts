import { isOverdue } from '../../../renderer/pipeline/NextStep.tsx'
import { describe, expect, it } from 'vitest'
import { moveCommand } from '../../../renderer/pipeline/moves.ts'
import { filtered, quarterOf, stageTotals } from '../../../renderer/pipeline/store.ts'
import type { OpportunityRow } from '../../../domain/sales/read-model/customers-and-opportunities.ts'

const command = (from: Parameters<typeof moveCommand>[1], to: Parameters<typeof moveCommand>[2]) => moveCommand('o-1', from, to, 'rep-7')

describe('dragging a card to another column', () => {
  it('sends the command of the stage it lands in', () => {
    expect(command('prospecting', 'qualification')).toEqual({ ok: true, command: { command: 'QualifyOpportunity', data: { opportunityId: 'o-1' }, actor: 'rep-7' } })
    expect(command('qualification', 'proposal')).toMatchObject({ ok: true, command: { command: 'SendProposal' } })
    expect(command('proposal', 'closed_won')).toMatchObject({ ok: true, command: { command: 'CloseOpportunity', data: { outcome: 'won' } } })
    expect(command('qualification', 'closed_lost')).toMatchObject({ ok: true, command: { command: 'CloseOpportunity', data: { outcome: 'lost' } } })
    expect(command('closed_lost', 'qualification')).toMatchObject({ ok: true, command: { command: 'ReopenOpportunity' } })
  })

  it('lets the engine refuse a skipped stage, so the rep reads the rule itself', () => {
    expect(command('prospecting', 'proposal')).toMatchObject({ ok: true, command: { command: 'SendProposal' } })
    expect(command('prospecting', 'closed_won')).toMatchObject({ ok: true, command: { command: 'CloseOpportunity', data: { outcome: 'won' } } })
  })

  it('says why when no command fits', () => {
    expect(command('qualification', 'prospecting')).toMatchObject({ ok: false, code: 'NO_COMMAND' })
    expect(command('closed_won', 'closed_lost')).toMatchObject({ ok: false, code: 'OPPORTUNITY_CLOSED' })
    expect(command('proposal', 'proposal')).toMatchObject({ ok: false, code: 'SAME_STAGE' })
  })
})

const row = (id: string, stage: OpportunityRow['stage'], amount: string, extra: Partial<OpportunityRow> = {}): OpportunityRow => ({
  opportunityId: id, customerId: 'c', name: id, kind: 'new', stage, amount, closeDate: '2027-02-28', salesOwner: 'rep-7', flagged: false, ...extra,
})

describe('column totals', () => {
  it('sums each column and weights it by the stage probability from settings, in decimals', () => {
    const rows = [row('a', 'prospecting', '0.10'), row('b', 'prospecting', '0.20'), row('c', 'proposal', '1000.00'), row('d', 'closed_lost', '50')]
    const totals = stageTotals(rows, {})
    expect(totals.map((t) => [t.stage, t.count, t.amount, t.weightedAmount])).toEqual([
      ['prospecting', 2, '0.30', '0.03'],
      ['qualification', 0, '0.00', '0.00'],
      ['proposal', 1, '1000.00', '600.00'],
      ['closed_won', 0, '0.00', '0.00'],
      ['closed_lost', 1, '50.00', '0.00'],
    ])
    expect(stageTotals(rows, { stageProbabilities: { proposal: 0.5 } })[2].weightedAmount).toBe('500.00')
  })

  it('adds amounts past what a float holds exactly, to the cent', () => {
    const rows = [row('a', 'qualification', '99999999999999.99'), row('b', 'qualification', '0.01'), row('c', 'qualification', '90071992547409.93')]
    expect(stageTotals(rows, {})[1]).toEqual({ stage: 'qualification', count: 3, amount: '190071992547409.93', weightedAmount: '47517998136852.48' })
  })

  it('counts only the cards the filters let through', () => {
    const rows = [row('a', 'prospecting', '10', { salesOwner: 'ann' }), row('b', 'prospecting', '20', { kind: 'expansion' }), row('c', 'proposal', '30', { customerId: 'z' })]
    const none = { owner: '', kind: '' as const, customerId: '', thisQuarter: false, due: false, mine: false }
    expect(filtered(rows, { ...none, owner: 'ann' }).map((r) => r.opportunityId)).toEqual(['a'])
    expect(filtered(rows, { ...none, kind: 'expansion' }).map((r) => r.opportunityId)).toEqual(['b'])
    expect(filtered(rows, { ...none, customerId: 'z' }).map((r) => r.opportunityId)).toEqual(['c'])
    expect(filtered(rows, none)).toHaveLength(3)
  })

  it('keeps, under "My deals", the deals the rep owns (their name in Settings)', () => {
    const rows = [row('mine', 'prospecting', '1', { salesOwner: 'Dana Scott' }), row('theirs', 'prospecting', '1', { salesOwner: 'Sam' })]
    const mine = { owner: '', kind: '' as const, customerId: '', thisQuarter: false, due: false, mine: true }
    expect(filtered(rows, mine, '2027-01-15', 'Dana Scott').map((r) => r.opportunityId)).toEqual(['mine'])
  })

  it('keeps the deals closing in the current quarter', () => {
    expect(quarterOf('2027-02-10')).toEqual(['2027-01-01', '2027-03-31'])
    expect(quarterOf('2027-12-31')).toEqual(['2027-10-01', '2027-12-31'])
    const rows = [row('in', 'prospecting', '1', { closeDate: '2027-03-31' }), row('out', 'prospecting', '1', { closeDate: '2027-04-01' })]
    const quarter = { owner: '', kind: '' as const, customerId: '', thisQuarter: true, due: false, mine: false }
    expect(filtered(rows, quarter, '2027-01-15').map((r) => r.opportunityId)).toEqual(['in'])
  })

  it('keeps, under "Due", the deals whose next step is due today or overdue', () => {
    const step = (due: string) => ({ nextStep: { text: 'Call', due } })
    const rows = [row('late', 'prospecting', '1', step('2027-01-14')), row('today', 'prospecting', '1', step('2027-01-15')), row('later', 'prospecting', '1', step('2027-01-16')), row('none', 'prospecting', '1')]
    const due = { owner: '', kind: '' as const, customerId: '', thisQuarter: false, due: true, mine: false }
    expect(filtered(rows, due, '2027-01-15').map((r) => r.opportunityId)).toEqual(['late', 'today'])
    expect(rows.map((r) => isOverdue(r, '2027-01-15'))).toEqual([true, false, false, false])
  })
})
