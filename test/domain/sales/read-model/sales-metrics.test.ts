import { describe, expect, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

/**
 * Day 0 = 2027-01-04. o-1 (50,000) won on day 10, o-2 (20,000) won on day 20, o-3 (10,000) lost on day 20;
 * o-4 open and silent since day 0; o-5 created on day 15 and its close date moved later. Now is day 20.
 */
function team(): SalesLog {
  const log = new SalesLog('2027-01-04T09:00:00.000Z')
  log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  const deal = (opportunityId: string, amount: string, closeDate: string) =>
    log.run('CreateOpportunity', { opportunityId, customerId: 'acme', name: `Deal ${opportunityId}`, kind: 'new', amount, closeDate, salesOwner: 'rep-7' })
  const win = (opportunityId: string) => {
    for (const command of ['QualifyOpportunity', 'SendProposal']) log.run(command, { opportunityId })
    log.run('CloseOpportunity', { opportunityId, outcome: 'won' })
  }
  deal('o-1', '50000', '2027-03-31')
  deal('o-2', '20000', '2027-02-15')
  deal('o-3', '10000', '2027-01-31')
  deal('o-4', '5000', '2027-02-01')
  log.advance(10)
  win('o-1')
  log.advance(5)
  deal('o-5', '8000', '2027-02-10')
  log.run('UpdateOpportunity', { opportunityId: 'o-5', closeDate: '2027-02-20' })
  log.advance(5)
  win('o-2')
  log.run('CloseOpportunity', { opportunityId: 'o-3', outcome: 'lost' })
  return log
}

/** o-4 and o-5 as the stale list shows them, but for their days of silence. */
const o4 = { opportunityId: 'o-4', name: 'Deal o-4', lastEventAt: '2027-01-04T09:00:00.000Z' }
const o5 = { opportunityId: 'o-5', name: 'Deal o-5', lastEventAt: '2027-01-19T09:00:00.000Z' }

describe('SalesMetrics', () => {
  it('gives win rate, average deal size, average cycle and velocity over every closed deal', () => {
    // velocity: 2 open × 2/3 × 35,000 ÷ 15 days = 3,111.11 a day
    givenLog(sales, team()).whenQuery('SalesMetrics').thenMatches({
      open: 2,
      won: 2,
      lost: 1,
      winRate: 0.6667,
      averageDealSize: '35000.00',
      averageCycleDays: 15,
      velocityPerDay: '3111.11',
    })
  })

  it('counts only deals closed from `from` on (by the close event’s date)', () => {
    // 2027-01-20 is day 16: o-2 won in 20 days, o-3 lost. One win: not enough data for a velocity.
    givenLog(sales, team()).whenQuery('SalesMetrics', { from: '2027-01-20' }).thenMatches({
      won: 1, lost: 1, winRate: 0.5, averageDealSize: '20000.00', averageCycleDays: 20, velocityPerDay: null,
    })
  })

  it('counts only deals closed up to `to`, inclusive', () => {
    // o-1 was won on 2027-01-14 in 10 days.
    givenLog(sales, team()).whenQuery('SalesMetrics', { to: '2027-01-14' }).thenMatches({
      won: 1, lost: 0, winRate: 1, averageDealSize: '50000.00', averageCycleDays: 10, velocityPerDay: null,
    })
  })

  it('does not explode on same-day wins: each cycle counts one day at least, and one win is not enough data', () => {
    const log = new SalesLog('2027-01-04T09:00:00.000Z')
    log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    const sameDay = (opportunityId: string, amount: string) => {
      log.run('CreateOpportunity', { opportunityId, customerId: 'acme', name: opportunityId, kind: 'new', amount, closeDate: '2027-03-31', salesOwner: 'rep-7' })
      for (const command of ['QualifyOpportunity', 'SendProposal']) log.run(command, { opportunityId })
      log.run('CloseOpportunity', { opportunityId, outcome: 'won' })
    }
    log.run('CreateOpportunity', { opportunityId: 'open', customerId: 'acme', name: 'open', kind: 'new', amount: '1', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    sameDay('w-1', '101187669.85')
    givenLog(sales, log).whenQuery('SalesMetrics').thenMatches({ won: 1, velocityPerDay: null })
    sameDay('w-2', '1000.00')
    // 1 open × 1 × (101,188,669.85 ÷ 2) ÷ 1 day, rounded half-even
    givenLog(sales, log).whenQuery('SalesMetrics').thenMatches({ won: 2, averageCycleDays: 1, velocityPerDay: '50594334.92' })
  })

  it('is zero where nothing closed in the period', () => {
    givenLog(sales, team()).whenQuery('SalesMetrics', { from: '2027-02-01', to: '2027-02-28' }).thenMatches({
      won: 0, lost: 0, winRate: 0, averageDealSize: '0.00', averageCycleDays: 0, velocityPerDay: null,
    })
  })

  it('lists slipped deals: close date later than the one they were created with', () => {
    const log = team()
    log.run('UpdateOpportunity', { opportunityId: 'o-4', closeDate: '2027-01-25' }) // earlier: not slipped
    givenLog(sales, log).whenQuery('SalesMetrics').then(expect.objectContaining({
      slipped: [{ opportunityId: 'o-5', name: 'Deal o-5', stage: 'prospecting', from: '2027-02-10', to: '2027-02-20' }],
    }))
  })

  it('lists open deals with no event for 14 days (the default), longest silent first', () => {
    const log = team()
    givenLog(sales, log).whenQuery('SalesMetrics').then(expect.objectContaining({ stale: [{ ...o4, days: 20 }] }))
    log.advance(9) // o-5 silent since day 15: now 14 days
    givenLog(sales, log).whenQuery('SalesMetrics').then(expect.objectContaining({ stale: [{ ...o4, days: 29 }, { ...o5, days: 14 }] }))
  })

  it('takes the stale threshold from settings', () => {
    givenLog(sales, team(), { settings: { staleDays: 5 } })
      .whenQuery('SalesMetrics')
      .then(expect.objectContaining({ stale: [{ ...o4, days: 20 }, { ...o5, days: 5 }] }))
    givenLog(sales, team(), { settings: { staleDays: 30 } }).whenQuery('SalesMetrics').then(expect.objectContaining({ stale: [] }))
  })

  it('counts any event on the stream as activity', () => {
    const log = team()
    log.run('UpdateOpportunity', { opportunityId: 'o-4', salesOwner: 'rep-9' })
    givenLog(sales, log).whenQuery('SalesMetrics').then(expect.objectContaining({ stale: [] }))
  })
})
