import { describe, expect, it } from 'vitest'
import { RevenueAtRisk, sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

const policy = { policy: 'RevenueAtRisk' }

/** Acme (to be high risk) and Globex, with deals of every relevance to the RevenueAtRisk policy; today is 2027-01-04. */
function book(): SalesLog {
  const log = new SalesLog('2027-01-04T09:00:00.000Z')
  log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  log.run('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
  const deal = (opportunityId: string, customerId: string, kind: string, closeDate: string) =>
    log.run('CreateOpportunity', { opportunityId, customerId, name: opportunityId, kind, amount: '1000', closeDate, salesOwner: 'rep-7' })
  deal('o-9', 'acme', 'expansion', '2027-01-04') // closes today: at risk
  deal('o-1', 'acme', 'expansion', '2027-03-31') // at risk
  deal('o-2', 'acme', 'new', '2027-03-31') // not an expansion
  deal('o-3', 'acme', 'expansion', '2027-01-03') // closed yesterday
  deal('o-4', 'acme', 'expansion', '2027-03-31')
  log.run('CloseOpportunity', { opportunityId: 'o-4', outcome: 'lost' }) // not open
  deal('o-5', 'globex', 'expansion', '2027-03-31') // another customer
  return log
}

/** `book()` with Acme at high risk and the policy's flags applied. */
function highRiskBook(): SalesLog {
  const log = book()
  log.run('FlagChurnRisk', { customerId: 'acme', level: 'high' })
  log.run('FlagRevenueAtRisk', { opportunityId: 'o-9', customerId: 'acme' }, policy)
  log.run('FlagRevenueAtRisk', { opportunityId: 'o-1', customerId: 'acme' }, policy)
  return log
}

const flag = (opportunityId: string) => ({ command: 'FlagRevenueAtRisk', data: { opportunityId, customerId: 'acme' } })
const clear = (opportunityId: string, reason: string) => ({ command: 'ClearRevenueAtRisk', data: { opportunityId, reason } })

describe('RevenueAtRisk policy: flagging', () => {
  it("flags each of the customer's open expansion deals closing today or later, in creation order, when churn risk becomes high", () => {
    const log = book()
    const [event] = log.run('FlagChurnRisk', { customerId: 'acme', level: 'high' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([flag('o-9'), flag('o-1')])
  })

  it('takes today from the clock: a deal whose close date has passed is not flagged', () => {
    const log = book().advance(1)
    const [event] = log.run('FlagChurnRisk', { customerId: 'acme', level: 'high' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([flag('o-1')])
  })

  it('does nothing when churn risk rises to medium only', () => {
    const log = book()
    const [event] = log.run('FlagChurnRisk', { customerId: 'acme', level: 'medium' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).thenNothing()
  })

  it('flags a new expansion deal of a high-risk customer (the others already flagged)', () => {
    const log = highRiskBook()
    const [event] = log.run('CreateOpportunity', {
      opportunityId: 'o-7', customerId: 'acme', name: 'More seats', kind: 'expansion', amount: '500', closeDate: '2027-06-30', salesOwner: 'rep-7',
    })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([flag('o-7')])
  })

  it('does not flag a new deal that is not an expansion, or of a customer who is not high risk', () => {
    const log = highRiskBook()
    const renewal = log.run('CreateOpportunity', {
      opportunityId: 'o-7', customerId: 'acme', name: 'Renewal', kind: 'renewal', amount: '500', closeDate: '2027-06-30', salesOwner: 'rep-7',
    })[0]
    const globex = log.run('CreateOpportunity', {
      opportunityId: 'o-8', customerId: 'globex', name: 'Globex more', kind: 'expansion', amount: '500', closeDate: '2027-06-30', salesOwner: 'rep-7',
    })[0]
    givenLog(sales, log).whenEvent(RevenueAtRisk, renewal).thenNothing()
    givenLog(sales, log).whenEvent(RevenueAtRisk, globex).thenNothing()
  })

  it('flags an expansion deal of a high-risk customer when it is reopened', () => {
    const log = highRiskBook()
    const [event] = log.run('ReopenOpportunity', { opportunityId: 'o-4' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([flag('o-4')])
  })

  it('does not flag a reopened deal that is not an expansion', () => {
    const log = highRiskBook()
    log.run('CloseOpportunity', { opportunityId: 'o-2', outcome: 'lost' })
    const [event] = log.run('ReopenOpportunity', { opportunityId: 'o-2' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).thenNothing()
  })

  it('issues commands the Opportunity aggregate accepts, which the RevenueAtRisk read model then shows', () => {
    const log = book()
    const [event] = log.run('FlagChurnRisk', { customerId: 'acme', level: 'high' })
    const commands = givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([flag('o-9'), flag('o-1')])
    for (const { command, data } of commands) log.run(command, data, policy)
    givenLog(sales, log).whenQuery('RevenueAtRisk').then({
      customers: [
        {
          customerId: 'acme',
          name: 'Acme',
          churnRisk: 'high',
          opportunities: [
            { opportunityId: 'o-9', name: 'o-9', amount: '1000.00', closeDate: '2027-01-04' },
            { opportunityId: 'o-1', name: 'o-1', amount: '1000.00', closeDate: '2027-03-31' },
          ],
          amount: '2000.00',
        },
      ],
      total: '2000.00',
    })
  })
})

describe('RevenueAtRisk policy: clearing', () => {
  it("clears each flagged deal of the customer, in creation order, when churn risk drops below high", () => {
    const log = highRiskBook()
    const [event] = log.run('FlagChurnRisk', { customerId: 'acme', level: 'medium' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([clear('o-9', 'churn_risk_lowered'), clear('o-1', 'churn_risk_lowered')])
  })

  it('clears a flagged deal when it is won or lost', () => {
    const log = highRiskBook()
    log.run('QualifyOpportunity', { opportunityId: 'o-1' })
    log.run('SendProposal', { opportunityId: 'o-1' })
    const [wonEvent] = log.run('CloseOpportunity', { opportunityId: 'o-1', outcome: 'won' })
    const [lostEvent] = log.run('CloseOpportunity', { opportunityId: 'o-9', outcome: 'lost' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, wonEvent).then([clear('o-1', 'opportunity_won')])
    givenLog(sales, log).whenEvent(RevenueAtRisk, lostEvent).then([clear('o-9', 'opportunity_lost')])
    log.run('ClearRevenueAtRisk', clear('o-1', 'opportunity_won').data, policy)
    givenLog(sales, log).whenQuery('RevenueAtRisk').thenMatches({ total: '1000.00' })
  })

  it('does nothing when a deal that was not flagged closes', () => {
    const log = highRiskBook()
    const [event] = log.run('CloseOpportunity', { opportunityId: 'o-2', outcome: 'lost' })
    givenLog(sales, log).whenEvent(RevenueAtRisk, event).thenNothing()
  })

  it('reacts only to churn risk, creation, reopening and closing: edits and time passing neither flag nor clear', () => {
    expect([...RevenueAtRisk.on].sort()).toEqual(['ChurnRiskFlagged', 'OpportunityCreated', 'OpportunityLost', 'OpportunityReopened', 'OpportunityWon'])
    const log = highRiskBook().advance(200)
    log.run('UpdateOpportunity', { opportunityId: 'o-1', amount: '4000' })
    givenLog(sales, log).whenQuery('RevenueAtRisk').thenMatches({ total: '5000.00' })
  })
})
