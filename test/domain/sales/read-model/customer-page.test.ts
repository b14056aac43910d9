import { describe, expect, it } from 'vitest'
import { sales } from '../../../../domain/sales/index.ts'
import { SimulatedClock } from '../../../../main/app/clock.ts'
import { memoryEngine } from '../../../../main/app/workspace.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

const deal = (opportunityId: string, customerId: string, kind: string, amount: string) => ({
  opportunityId, customerId, name: `Deal ${opportunityId}`, kind, amount, closeDate: '2027-03-31', salesOwner: 'Dana',
})

/** Acme with four deals (one won, one lost, two open: an expansion flagged at risk), and Globex with one. */
function acme(): SalesLog {
  const log = new SalesLog()
  log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme', segment: 'Enterprise' }, { actor: 'Dana' })
  log.run('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
  log.run('CreateOpportunity', deal('a1', 'acme', 'new', '1000'))
  log.run('CreateOpportunity', deal('g1', 'globex', 'expansion', '777'))
  log.run('CreateOpportunity', deal('a2', 'acme', 'expansion', '2000.5'))
  log.run('CreateOpportunity', deal('a3', 'acme', 'renewal', '300'))
  log.run('CreateOpportunity', deal('a4', 'acme', 'new', '50'))
  log.run('QualifyOpportunity', { opportunityId: 'a1' })
  log.run('SendProposal', { opportunityId: 'a1' })
  log.run('CloseOpportunity', { opportunityId: 'a1', outcome: 'won' })
  log.run('CloseOpportunity', { opportunityId: 'a4', outcome: 'lost', reason: 'Price' })
  log.advance(1).run('FlagChurnRisk', { customerId: 'acme', level: 'high', reason: 'Champion left' }, { actor: 'Dana' })
  log.run('FlagRevenueAtRisk', { opportunityId: 'a2', customerId: 'acme' }, { policy: 'RevenueAtRisk' })
  log.advance(2).run('FlagChurnRisk', { customerId: 'acme', level: 'medium', reason: 'Usage back up' }, { actor: 'Sam' })
  return log
}

describe('CustomerPage read model', () => {
  it("shows the customer's name, segment, churn risk now, and every deal, open and closed, in creation order", () => {
    givenLog(sales, acme()).whenQuery('CustomerPage', { customerId: 'acme' }).thenMatches({
      customerId: 'acme',
      name: 'Acme',
      segment: 'Enterprise',
      churnRisk: 'medium',
      registeredAt: '2027-01-04T09:00:00.000Z',
      deals: [
        { opportunityId: 'a1', name: 'Deal a1', stage: 'closed_won', amount: '1000.00', closeDate: '2027-03-31', kind: 'new' },
        { opportunityId: 'a2', name: 'Deal a2', stage: 'prospecting', amount: '2000.50', flagged: true },
        { opportunityId: 'a3', name: 'Deal a3', stage: 'prospecting', amount: '300.00', flagged: false },
        { opportunityId: 'a4', name: 'Deal a4', stage: 'closed_lost', amount: '50.00' },
      ],
      totals: { open: { count: 2, amount: '2300.50' }, won: { count: 1, amount: '1000.00' }, lost: { count: 1, amount: '50.00' } },
    })
  })

  it('lists every change of the churn risk with its reason, who made it and when, oldest first', () => {
    givenLog(sales, acme()).whenQuery('CustomerPage', { customerId: 'acme' }).thenMatches({
      churnRiskHistory: [
        { level: 'high', previousLevel: 'low', reason: 'Champion left', actor: 'Dana', policy: null, at: '2027-01-05T09:00:00.000Z' },
        { level: 'medium', previousLevel: 'high', reason: 'Usage back up', actor: 'Sam', policy: null, at: '2027-01-07T09:00:00.000Z' },
      ],
    })
  })

  it('counts the revenue at risk exactly as the RevenueAtRisk read model does, at current amounts', () => {
    const log = acme()
    log.run('UpdateOpportunity', { opportunityId: 'a2', amount: '2500' })
    const read = givenLog(sales, log)
    const page = read.whenQuery('CustomerPage', { customerId: 'acme' }).thenMatches({
      revenueAtRisk: { opportunities: [{ opportunityId: 'a2', name: 'Deal a2', amount: '2500.00', closeDate: '2027-03-31' }], amount: '2500.00' },
    }) as { revenueAtRisk: unknown }
    read.whenQuery('RevenueAtRisk').thenMatches({ customers: [{ customerId: 'acme', ...(page.revenueAtRisk as object) }] })
  })

  it('answers nothing at risk, no changes and zero totals for a new customer without deals', () => {
    givenLog(sales, acme()).whenQuery('CustomerPage', { customerId: 'globex' }).thenMatches({
      name: 'Globex', segment: null, churnRisk: 'low', churnRiskHistory: [], revenueAtRisk: { opportunities: [], amount: '0.00' },
      totals: { open: { count: 1, amount: '777.00' }, won: { count: 0, amount: '0.00' }, lost: { count: 0, amount: '0.00' } },
    })
  })

  it('is null for a customer that does not exist, and refuses a missing id naming the field', () => {
    givenLog(sales, acme()).whenQuery('CustomerPage', { customerId: 'nobody' }).then(null)
    givenLog(sales, acme()).whenQuery('CustomerPage', {}).thenRejects('INVALID_QUERY', 'customerId')
  })

  it('answers as of a past position (replay): the deals, the risk and its history as they stood then', async () => {
    const engine = memoryEngine([sales], new SimulatedClock('2027-01-04T09:00:00Z'))
    const send = async (command: string, data: Record<string, unknown>) => {
      const result = await engine.dispatch({ command, data, actor: 'Dana' })
      if (!result.ok) throw new Error(`${command}: ${result.error.code}`)
      return result.position
    }
    await send('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await send('CreateOpportunity', deal('a2', 'acme', 'expansion', '2000'))
    const before = await send('CreateOpportunity', deal('a3', 'acme', 'new', '10'))
    // The RevenueAtRisk policy flags the expansion deal in the same cascade.
    await send('FlagChurnRisk', { customerId: 'acme', level: 'high', reason: 'Champion left' })

    const now = engine.query('CustomerPage', { customerId: 'acme' })
    expect(now).toMatchObject({
      ok: true,
      value: { churnRisk: 'high', churnRiskHistory: [{ level: 'high', reason: 'Champion left', actor: 'Dana' }], revenueAtRisk: { amount: '2000.00' } },
    })
    const then = engine.query('CustomerPage', { customerId: 'acme' }, { asOf: before })
    expect(then).toMatchObject({ ok: true, value: { churnRisk: 'low', churnRiskHistory: [], revenueAtRisk: { opportunities: [], amount: '0.00' } } })
    expect(then.ok && (then.value as { deals: unknown[] }).deals).toHaveLength(2)
    expect(engine.query('CustomerPage', { customerId: 'acme' }, { asOf: 1 })).toMatchObject({ ok: true, value: { deals: [] } })
  })
})
