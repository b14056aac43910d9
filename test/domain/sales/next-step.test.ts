import { describe, it } from 'vitest'
import { sales } from '../../../domain/sales/index.ts'
import { Opportunity } from '../../../domain/sales/opportunity.ts'
import { given, givenLog } from '../../support/gwt.ts'
import { inStage } from './fixtures.ts'
import { SalesLog } from './sales-log.ts'

const step = { opportunityId: 'o-1', text: 'Send the security questionnaire', due: '2027-02-15' }
const scheduled = { type: 'NextStepScheduled', data: { opportunityId: 'o-1', text: step.text, due: step.due, previous: null } }

describe('ScheduleNextStep', () => {
  it('gives an open deal its next step, text trimmed, with its due date', () => {
    given(Opportunity, inStage.qualification)
      .when('ScheduleNextStep', { ...step, text: `  ${step.text} ` })
      .then([scheduled])
  })

  it('replaces the step already scheduled, and says what it was', () => {
    given(Opportunity, [...inStage.proposal, scheduled])
      .when('ScheduleNextStep', { ...step, due: '2027-02-20' })
      .then([{ type: 'NextStepScheduled', data: { due: '2027-02-20', previous: { text: step.text, due: step.due } } }])
  })

  it('does nothing when the same step and date are scheduled again', () => {
    given(Opportunity, [...inStage.prospecting, scheduled]).when('ScheduleNextStep', step).thenNothing()
  })

  it.each(['closed_won', 'closed_lost'] as const)('refuses a %s deal with OPPORTUNITY_CLOSED', (stage) => {
    given(Opportunity, inStage[stage]).when('ScheduleNextStep', step).thenRejects('OPPORTUNITY_CLOSED')
  })

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['longer than 200 characters', 'x'.repeat(201)],
  ])('refuses text that is %s with INVALID_COMMAND naming the field', (_what, text) => {
    given(Opportunity, inStage.prospecting).when('ScheduleNextStep', { ...step, text }).thenRejects('INVALID_COMMAND', 'text')
  })

  it('accepts text of exactly 200 characters', () => {
    given(Opportunity, inStage.prospecting).when('ScheduleNextStep', { ...step, text: 'x'.repeat(200) }).then(['NextStepScheduled'])
  })

  it.each(['2027-02-30', '15/02/2027', '2027-02-15T09:00:00Z', ''])('refuses due date %s with INVALID_COMMAND naming the field', (due) => {
    given(Opportunity, inStage.prospecting).when('ScheduleNextStep', { ...step, due }).thenRejects('INVALID_COMMAND', 'due')
  })

  it('refuses an unknown deal with UNKNOWN_OPPORTUNITY', () => {
    given(Opportunity).when('ScheduleNextStep', step).thenRejects('UNKNOWN_OPPORTUNITY')
  })
})

describe('CompleteNextStep', () => {
  it('completes the scheduled step, saying which it was', () => {
    given(Opportunity, [...inStage.qualification, scheduled])
      .when('CompleteNextStep', { opportunityId: 'o-1' })
      .then([{ type: 'NextStepCompleted', data: { opportunityId: 'o-1', text: step.text, due: step.due } }])
  })

  it('refuses with NO_NEXT_STEP when none is scheduled, or the last one was completed', () => {
    given(Opportunity, inStage.prospecting).when('CompleteNextStep', { opportunityId: 'o-1' }).thenRejects('NO_NEXT_STEP')
    given(Opportunity, [...inStage.prospecting, scheduled, { type: 'NextStepCompleted', data: { opportunityId: 'o-1', text: step.text, due: step.due } }])
      .when('CompleteNextStep', { opportunityId: 'o-1' })
      .thenRejects('NO_NEXT_STEP')
  })

  it('refuses a closed deal with OPPORTUNITY_CLOSED', () => {
    given(Opportunity, [...inStage.prospecting, scheduled, ...inStage.closed_lost.slice(1)]).when('CompleteNextStep', { opportunityId: 'o-1' }).thenRejects('OPPORTUNITY_CLOSED')
  })
})

describe('the Opportunities read model', () => {
  it('carries each deal’s next step, and null once it is completed', () => {
    const log = new SalesLog()
    log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    log.run('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Acme platform', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    log.run('CreateOpportunity', { opportunityId: 'o-2', customerId: 'acme', name: 'Acme support', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    givenLog(sales, log).whenQuery('Opportunities').thenMatches([{ opportunityId: 'o-1', nextStep: null }, { opportunityId: 'o-2', nextStep: null }])
    log.run('ScheduleNextStep', step)
    log.run('ScheduleNextStep', { opportunityId: 'o-2', text: 'Call the CFO', due: '2027-01-10' })
    givenLog(sales, log).whenQuery('Opportunities').thenMatches([
      { opportunityId: 'o-1', nextStep: { text: step.text, due: step.due } },
      { opportunityId: 'o-2', nextStep: { text: 'Call the CFO', due: '2027-01-10' } },
    ])
    log.run('CompleteNextStep', { opportunityId: 'o-2' })
    givenLog(sales, log).whenQuery('Opportunity', { opportunityId: 'o-2' }).thenMatches({ nextStep: null })
  })
})
