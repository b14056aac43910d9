import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { compensation } from '../../../renderer/pipeline/compensation.ts'
import { changedSomething, type SentCommand } from '../../../renderer/workspace/compensations.ts'

let position = 0
const event = (type: string, data: Record<string, unknown>, command: string, policy: string | null = null): EventEnvelope => ({
  position: ++position, id: `e${position}`, stream: 'Opportunity-o-1', version: position, type, at: '2027-01-04T09:00:00Z', data,
  meta: { context: 'sales', aggregate: 'Opportunity', command, commandId: 'c', actor: policy ? null : 'rep-7', policy, causationId: 'c', correlationId: 'c', schema: 1 },
})
const sent = (command: string, data: Record<string, unknown>): SentCommand => ({ command, data, actor: 'rep-7' })

describe('the compensation of a command the engine accepted', () => {
  it('takes back an UpdateOpportunity by restoring the from values of its changes', () => {
    const update = sent('UpdateOpportunity', { opportunityId: 'o-1', amount: '30000', closeDate: '2027-06-30' })
    const events = [event('OpportunityUpdated', { opportunityId: 'o-1', changes: { amount: { from: '24000.00', to: '30000.00' }, closeDate: { from: '2027-03-31', to: '2027-06-30' } } }, 'UpdateOpportunity')]
    expect(compensation(update, events, {}, (id) => (id === 'o-1' ? 'Acme platform' : String(id)))).toEqual({
      ok: true,
      command: { command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '24000.00', closeDate: '2027-03-31' }, actor: 'rep-7' },
      label: 'amount of Acme platform back to $24,000.00; close date of Acme platform back to 2027-03-31',
    })
  })

  it('takes back a close, won or lost, by reopening', () => {
    const won = compensation(sent('CloseOpportunity', { opportunityId: 'o-1', outcome: 'won' }), [event('OpportunityWon', { opportunityId: 'o-1' }, 'CloseOpportunity')])
    expect(won).toMatchObject({ ok: true, command: { command: 'ReopenOpportunity', data: { opportunityId: 'o-1' } } })
    const lost = compensation(sent('CloseOpportunity', { opportunityId: 'o-1', outcome: 'lost' }), [event('OpportunityLost', { opportunityId: 'o-1', reason: null }, 'CloseOpportunity')])
    expect(lost).toMatchObject({ ok: true, command: { command: 'ReopenOpportunity' } })
  })

  it('takes back a reopen by closing with the outcome the deal had before', () => {
    const reopen = sent('ReopenOpportunity', { opportunityId: 'o-1' })
    const events = [event('OpportunityReopened', { opportunityId: 'o-1', stage: 'proposal' }, 'ReopenOpportunity')]
    expect(compensation(reopen, events, { stage: 'closed_won' })).toMatchObject({ ok: true, command: { command: 'CloseOpportunity', data: { opportunityId: 'o-1', outcome: 'won' } } })
    expect(compensation(reopen, events, { stage: 'closed_lost' })).toMatchObject({ ok: true, command: { command: 'CloseOpportunity', data: { outcome: 'lost' } } })
    expect(compensation(reopen, events)).toMatchObject({ ok: false })
  })

  it('takes back a churn-risk flag by flagging the previous level', () => {
    const flag = sent('FlagChurnRisk', { customerId: 'acme', level: 'high' })
    const events = [event('ChurnRiskFlagged', { customerId: 'acme', level: 'high', previousLevel: 'medium', reason: null }, 'FlagChurnRisk')]
    expect(compensation(flag, events)).toMatchObject({ ok: true, command: { command: 'FlagChurnRisk', data: { customerId: 'acme', level: 'medium' } } })
  })

  it("says it can't undo a command the domain has no compensating command for", () => {
    for (const [command, type] of [['CreateOpportunity', 'OpportunityCreated'], ['QualifyOpportunity', 'OpportunityQualified'], ['SendProposal', 'ProposalSent'], ['RegisterCustomer', 'CustomerRegistered'], ['AcceptContract', 'ContractAccepted']]) {
      const result = compensation(sent(command, { opportunityId: 'o-1' }), [event(type, {}, command)])
      expect(result).toEqual({ ok: false, message: `Can't undo ${command}: the domain has no compensating command.` })
    }
  })

  it("reads only the command's own events, not the cascade of policies after it", () => {
    const accept = sent('AcceptContract', { opportunityId: 'o-1' })
    const cascade = [event('ContractAccepted', {}, 'AcceptContract'), event('OpportunityWon', { opportunityId: 'o-1' }, 'CloseOpportunity', 'AutoWinOnContractAccepted')]
    expect(compensation(accept, cascade)).toMatchObject({ ok: false })
    const close = sent('CloseOpportunity', { opportunityId: 'o-1', outcome: 'won' })
    expect(compensation(close, [event('OpportunityWon', { opportunityId: 'o-1' }, 'CloseOpportunity', 'AutoWinOnContractAccepted')])).toMatchObject({ ok: false })
  })

  it('keeps no entry for a command that changed nothing', () => {
    expect(changedSomething(sent('UpdateOpportunity', { opportunityId: 'o-1', amount: '1' }), [])).toBe(false)
    expect(changedSomething(sent('QualifyOpportunity', { opportunityId: 'o-1' }), [event('OpportunityQualified', {}, 'QualifyOpportunity')])).toBe(true)
  })
})
