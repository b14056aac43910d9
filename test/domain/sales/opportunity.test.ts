import { describe, expect, it } from 'vitest'
import { Opportunity } from '../../../domain/sales/opportunity.ts'
import { sales, salesPreconditions } from '../../../domain/sales/index.ts'
import { given } from '../../support/gwt.ts'
import { cleared, contractAccepted, created, flagged, inStage, lost, newDeal, reopened, updated, won } from './fixtures.ts'

const id = { opportunityId: 'o-1' }
const closedStages = ['closed_won', 'closed_lost'] as const

describe('CreateOpportunity', () => {
  it('identifies an opportunity in prospecting with all its fields, the amount in cents', () => {
    const [event] = given(Opportunity).when('CreateOpportunity', newDeal).then(['OpportunityCreated'])
    expect(event.data).toEqual({ ...newDeal, amount: '50000.00', stage: 'prospecting' })
  })

  it('rounds the amount half-even to cents', () => {
    given(Opportunity)
      .when('CreateOpportunity', { ...newDeal, amount: '10.125' })
      .then([{ type: 'OpportunityCreated', data: { amount: '10.12' } }])
  })

  it('accepts a zero amount', () => {
    given(Opportunity).when('CreateOpportunity', { ...newDeal, amount: '0' }).then([{ type: 'OpportunityCreated', data: { amount: '0.00' } }])
  })

  it('rejects an existing opportunity with OPPORTUNITY_EXISTS', () => {
    given(Opportunity, [created()]).when('CreateOpportunity', newDeal).thenRejects('OPPORTUNITY_EXISTS')
  })

  it('needs its customer: UNKNOWN_CUSTOMER when the Customer stream does not exist (checked by the engine)', () => {
    expect(salesPreconditions('CreateOpportunity', newDeal)).toEqual([
      { stream: 'Customer-acme', mustExist: true, code: 'UNKNOWN_CUSTOMER', message: expect.stringContaining('acme') },
    ])
    expect(salesPreconditions('QualifyOpportunity', id)).toEqual([])
    expect(salesPreconditions('RegisterCustomer', { customerId: 'acme', name: 'Acme' })).toEqual([])
  })

  it('gives the engine the same check in the kernel form: the Customer stream must have events', () => {
    const [check] = sales.preconditions!('CreateOpportunity', 'Opportunity', newDeal)
    expect(check).toMatchObject({ aggregate: 'Customer', stream: 'Customer-acme', code: 'UNKNOWN_CUSTOMER' })
    expect(check.holds(null, 0)).toBe(false)
    expect(check.holds({ churnRisk: 'low' }, 1)).toBe(true)
    expect(sales.preconditions!('SendProposal', 'Opportunity', id)).toEqual([])
  })

  it.each([
    ['negative', '-5'],
    ['not a decimal', 'fifty'],
    ['an exponent', '5e4'],
    ['a number, not text', 50000],
    ['missing', undefined],
  ])('rejects an amount that is %s with INVALID_AMOUNT naming the field', (_what, amount) => {
    given(Opportunity).when('CreateOpportunity', { ...newDeal, amount }).thenRejects('INVALID_AMOUNT', 'amount')
  })

  it.each(['2027-02-30', '2027-13-01', '31/03/2027', '2027-03-31T00:00:00Z'])('rejects close date %s with INVALID_COMMAND', (closeDate) => {
    given(Opportunity).when('CreateOpportunity', { ...newDeal, closeDate }).thenRejects('INVALID_COMMAND', 'closeDate')
  })

  it('accepts 29 February of a leap year', () => {
    given(Opportunity).when('CreateOpportunity', { ...newDeal, closeDate: '2028-02-29' }).then(['OpportunityCreated'])
  })

  it('rejects a kind other than new|expansion|renewal, a missing field and an unknown field with INVALID_COMMAND', () => {
    given(Opportunity).when('CreateOpportunity', { ...newDeal, kind: 'upsell' }).thenRejects('INVALID_COMMAND', 'kind')
    const { salesOwner: _salesOwner, ...withoutOwner } = newDeal
    given(Opportunity).when('CreateOpportunity', withoutOwner).thenRejects('INVALID_COMMAND', 'salesOwner')
    given(Opportunity).when('CreateOpportunity', { ...newDeal, priority: 1 }).thenRejects('INVALID_COMMAND', 'priority')
  })
})

describe('a command to an opportunity that does not exist', () => {
  it.each([
    ['QualifyOpportunity', id],
    ['SendProposal', id],
    ['UpdateOpportunity', { ...id, name: 'x' }],
    ['AcceptContract', id],
    ['CloseOpportunity', { ...id, outcome: 'lost' }],
    ['ReopenOpportunity', id],
    ['FlagRevenueAtRisk', { ...id, customerId: 'acme' }],
    ['ClearRevenueAtRisk', { ...id, reason: 'test' }],
  ])('%s is rejected with UNKNOWN_OPPORTUNITY', (command, data) => {
    given(Opportunity).when(command, data).thenRejects('UNKNOWN_OPPORTUNITY')
  })
})

describe('QualifyOpportunity', () => {
  it('qualifies a prospect', () => {
    given(Opportunity, inStage.prospecting).when('QualifyOpportunity', id).then([{ type: 'OpportunityQualified', data: id }])
  })

  it.each(['qualification', 'proposal', ...closedStages] as const)('rejects an opportunity in %s with NOT_PROSPECTING', (stage) => {
    given(Opportunity, inStage[stage]).when('QualifyOpportunity', id).thenRejects('NOT_PROSPECTING')
  })
})

describe('SendProposal (only qualified leads proceed to the proposal stage)', () => {
  it('sends a proposal for a qualified opportunity', () => {
    given(Opportunity, inStage.qualification).when('SendProposal', id).then([{ type: 'ProposalSent', data: id }])
  })

  it.each(['prospecting', 'proposal', ...closedStages] as const)('rejects an opportunity in %s with NOT_QUALIFIED', (stage) => {
    given(Opportunity, inStage[stage]).when('SendProposal', id).thenRejects('NOT_QUALIFIED')
  })

  it('rejects a field it does not take with INVALID_COMMAND', () => {
    given(Opportunity, inStage.qualification).when('SendProposal', { ...id, amount: '1' }).thenRejects('INVALID_COMMAND', 'amount')
  })
})

describe('UpdateOpportunity', () => {
  it('records each changed field as {from, to}, leaving out what did not change', () => {
    const [event] = given(Opportunity, inStage.qualification)
      .when('UpdateOpportunity', { ...id, name: 'Acme expansion', amount: '60000.5', closeDate: '2027-04-30', salesOwner: 'rep-9' })
      .then(['OpportunityUpdated'])
    expect(event.data).toEqual({
      opportunityId: 'o-1',
      changes: {
        amount: { from: '50000.00', to: '60000.50' },
        closeDate: { from: '2027-03-31', to: '2027-04-30' },
        salesOwner: { from: 'rep-7', to: 'rep-9' },
      },
    })
  })

  it('compares amounts by value: "50000" is no change from 50000.00', () => {
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', { ...id, amount: '50000', name: 'Acme expansion' }).thenNothing()
  })

  it('does nothing when no field is given', () => {
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', id).thenNothing()
  })

  it('builds on earlier updates', () => {
    const history = [created(), updated({ amount: { from: '50000.00', to: '70000.00' } })]
    given(Opportunity, history)
      .when('UpdateOpportunity', { ...id, amount: '50000' })
      .then([{ type: 'OpportunityUpdated', data: { changes: { amount: { from: '70000.00', to: '50000.00' } } } }])
  })

  it.each(closedStages)('rejects an opportunity in %s with OPPORTUNITY_CLOSED', (stage) => {
    given(Opportunity, inStage[stage]).when('UpdateOpportunity', { ...id, name: 'late edit' }).thenRejects('OPPORTUNITY_CLOSED')
  })

  it('rejects a negative or non-decimal amount with INVALID_AMOUNT, a bad close date with INVALID_COMMAND', () => {
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', { ...id, amount: '-1.00' }).thenRejects('INVALID_AMOUNT', 'amount')
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', { ...id, amount: 12 }).thenRejects('INVALID_AMOUNT', 'amount')
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', { ...id, closeDate: '2027-02-29' }).thenRejects('INVALID_COMMAND', 'closeDate')
  })

  it('rejects a field that cannot be updated with INVALID_COMMAND naming it', () => {
    given(Opportunity, inStage.prospecting).when('UpdateOpportunity', { ...id, kind: 'new' }).thenRejects('INVALID_COMMAND', 'kind')
  })
})

describe('AcceptContract', () => {
  it('accepts the contract of an opportunity with a proposal out', () => {
    given(Opportunity, inStage.proposal).when('AcceptContract', id).then([{ type: 'ContractAccepted', data: { opportunityId: 'o-1', customerId: 'acme' } }])
  })

  it.each(['prospecting', 'qualification', ...closedStages] as const)('rejects an opportunity in %s with PROPOSAL_NOT_SENT', (stage) => {
    given(Opportunity, inStage[stage]).when('AcceptContract', id).thenRejects('PROPOSAL_NOT_SENT')
  })

  it('leaves the opportunity in proposal (the AutoWin policy closes it)', () => {
    given(Opportunity, [...inStage.proposal, contractAccepted]).when('CloseOpportunity', { ...id, outcome: 'won' }).then(['OpportunityWon'])
  })
})

describe('CloseOpportunity (cannot be won until a proposal is sent)', () => {
  it('wins an opportunity in proposal, with its amount', () => {
    given(Opportunity, inStage.proposal)
      .when('CloseOpportunity', { ...id, outcome: 'won' })
      .then([{ type: 'OpportunityWon', data: { opportunityId: 'o-1', customerId: 'acme', amount: '50000.00', reason: null } }])
  })

  it.each(['prospecting', 'qualification'] as const)('rejects winning from %s with PROPOSAL_NOT_SENT', (stage) => {
    given(Opportunity, inStage[stage]).when('CloseOpportunity', { ...id, outcome: 'won' }).thenRejects('PROPOSAL_NOT_SENT')
  })

  it.each(['prospecting', 'qualification', 'proposal'] as const)('loses from %s with the reason', (stage) => {
    given(Opportunity, inStage[stage])
      .when('CloseOpportunity', { ...id, outcome: 'lost', reason: 'budget cut' })
      .then([{ type: 'OpportunityLost', data: { opportunityId: 'o-1', customerId: 'acme', reason: 'budget cut' } }])
  })

  it('records a missing reason as null', () => {
    given(Opportunity, inStage.prospecting).when('CloseOpportunity', { ...id, outcome: 'lost' }).then([{ type: 'OpportunityLost', data: { reason: null } }])
  })

  it.each(closedStages)('rejects an opportunity already in %s with OPPORTUNITY_CLOSED, whatever the outcome', (stage) => {
    given(Opportunity, inStage[stage]).when('CloseOpportunity', { ...id, outcome: 'won' }).thenRejects('OPPORTUNITY_CLOSED')
    given(Opportunity, inStage[stage]).when('CloseOpportunity', { ...id, outcome: 'lost' }).thenRejects('OPPORTUNITY_CLOSED')
  })

  it('rejects an outcome other than won|lost with INVALID_COMMAND', () => {
    given(Opportunity, inStage.proposal).when('CloseOpportunity', { ...id, outcome: 'maybe' }).thenRejects('INVALID_COMMAND', 'outcome')
  })
})

describe('ReopenOpportunity', () => {
  it('reopens a won opportunity into proposal, the stage it was won from', () => {
    given(Opportunity, inStage.closed_won)
      .when('ReopenOpportunity', { ...id, reason: 'contract not signed' })
      .then([{ type: 'OpportunityReopened', data: { opportunityId: 'o-1', customerId: 'acme', stage: 'proposal', reason: 'contract not signed' } }])
  })

  it.each(['prospecting', 'qualification', 'proposal'] as const)('reopens an opportunity lost from %s into %s', (stage) => {
    const history = [...inStage[stage], lost]
    given(Opportunity, history).when('ReopenOpportunity', id).then([{ type: 'OpportunityReopened', data: { stage, reason: null } }])
  })

  it('is open again after reopening: it can be worked and closed again', () => {
    const history = [...inStage.qualification, lost, reopened('qualification')]
    given(Opportunity, history).when('SendProposal', id).then(['ProposalSent'])
    given(Opportunity, history).when('ReopenOpportunity', id).thenRejects('OPPORTUNITY_OPEN')
  })

  it.each(['prospecting', 'qualification', 'proposal'] as const)('rejects an open opportunity in %s with OPPORTUNITY_OPEN', (stage) => {
    given(Opportunity, inStage[stage]).when('ReopenOpportunity', id).thenRejects('OPPORTUNITY_OPEN')
  })
})

describe('FlagRevenueAtRisk (policy only)', () => {
  it('is issued by policies only', () => {
    expect(Opportunity.commands.FlagRevenueAtRisk.policyOnly).toBe(true)
    expect(Opportunity.commands.ClearRevenueAtRisk.policyOnly).toBe(true)
    expect(Opportunity.commands.CloseOpportunity.policyOnly).toBeUndefined()
  })

  it('flags an open opportunity with its current amount', () => {
    const history = [created(), updated({ amount: { from: '50000.00', to: '65000.00' } })]
    given(Opportunity, history)
      .when('FlagRevenueAtRisk', { ...id, customerId: 'acme' })
      .then([{ type: 'RevenueAtRiskFlagged', data: { opportunityId: 'o-1', customerId: 'acme', amount: '65000.00' } }])
  })

  it('does nothing when already flagged', () => {
    given(Opportunity, [created(), flagged]).when('FlagRevenueAtRisk', { ...id, customerId: 'acme' }).thenNothing()
  })

  it('flags again after a clear', () => {
    given(Opportunity, [created(), flagged, cleared]).when('FlagRevenueAtRisk', { ...id, customerId: 'acme' }).then(['RevenueAtRiskFlagged'])
  })

  it('rejects a closed opportunity with OPPORTUNITY_CLOSED', () => {
    given(Opportunity, inStage.closed_lost).when('FlagRevenueAtRisk', { ...id, customerId: 'acme' }).thenRejects('OPPORTUNITY_CLOSED')
  })

  it("rejects another customer's id with INVALID_COMMAND naming customerId", () => {
    given(Opportunity, [created()]).when('FlagRevenueAtRisk', { ...id, customerId: 'globex' }).thenRejects('INVALID_COMMAND', 'customerId')
  })
})

describe('ClearRevenueAtRisk (policy only)', () => {
  it('clears a flagged opportunity with the reason', () => {
    given(Opportunity, [created(), flagged])
      .when('ClearRevenueAtRisk', { ...id, reason: 'churn_risk_lowered' })
      .then([{ type: 'RevenueAtRiskCleared', data: { opportunityId: 'o-1', customerId: 'acme', reason: 'churn_risk_lowered' } }])
  })

  it('clears a flagged opportunity that has just closed', () => {
    given(Opportunity, [...inStage.proposal, flagged, won]).when('ClearRevenueAtRisk', { ...id, reason: 'opportunity_won' }).then(['RevenueAtRiskCleared'])
  })

  it('does nothing when not flagged', () => {
    given(Opportunity, [created()]).when('ClearRevenueAtRisk', { ...id, reason: 'x' }).thenNothing()
    given(Opportunity, [created(), flagged, cleared]).when('ClearRevenueAtRisk', { ...id, reason: 'x' }).thenNothing()
  })

  it('rejects a missing reason with INVALID_COMMAND', () => {
    given(Opportunity, [created(), flagged]).when('ClearRevenueAtRisk', id).thenRejects('INVALID_COMMAND', 'reason')
  })
})

describe('the Opportunity stream', () => {
  it('is addressed by opportunityId for every command', () => {
    for (const spec of Object.values(Opportunity.commands)) expect(spec.id({ opportunityId: 'o-42', customerId: 'acme' })).toBe('o-42')
  })

  it('folds a full life into state', () => {
    const { state } = given(Opportunity, [...inStage.proposal, updated({ name: { from: 'Acme expansion', to: 'Acme 2' } }), flagged, won])
    expect(state).toEqual({ ...newDeal, amount: '50000.00', name: 'Acme 2', kind: 'expansion', stage: 'closed_won', closedFrom: 'proposal', flagged: true, nextStep: null })
  })
})
