import { describe, expect, it } from 'vitest'
import { COMMISSION, commissionFor, loyaltyLevelFor, type LoyaltyLevel } from '../../../domain/trading/loyalty.ts'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { given, testContext } from '../../support/gwt.ts'
import { history } from './fixtures.ts'

type Step = [string, Record<string, unknown>]
const open: Step = ['OpenPortfolio', { portfolioId: 'p1', name: 'Practice' }]
const deposit = (amount: string, transferId = 't-in'): Step => ['ReceiveFunds', { portfolioId: 'p1', transferId, amount }]
const buy = (orderId: string, quantity: number, limitPrice: string): Step =>
  ['PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'buy', quantity, orderType: 'limit', limitPrice }]
const sell = (orderId: string, quantity: number): Step => ['PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'sell', quantity, orderType: 'market' }]
const fill = (orderId: string, price: string, quantity: number): Step => ['ProcessTrade', { portfolioId: 'p1', orderId, price, quantity }]
const at = (price?: string) => testContext({ quotes: price === undefined ? {} : { ACME: price } })

describe('loyalty tiers', () => {
  it.each<[string, LoyaltyLevel]>([
    ['-50', 'basic'], ['0', 'basic'], ['9999.99', 'basic'], ['10000', 'bronze'], ['49999.99', 'bronze'], ['50000', 'silver'],
    ['99999.99', 'silver'], ['100000', 'gold'], ['999999.99', 'gold'], ['1000000', 'platinum'],
  ])('a total value of %s is %s', (value, level) => {
    expect(loyaltyLevelFor(value)).toBe(level)
  })

  it('charges 9.99, 8.99, 7.99, 6.99, 5.99 from basic to platinum', () => {
    expect(COMMISSION).toEqual({ basic: '9.99', bronze: '8.99', silver: '7.99', gold: '6.99', platinum: '5.99' })
  })
})

describe('commission by loyalty level before the trade', () => {
  const levels: Array<[LoyaltyLevel, string]> = [['basic', '5000'], ['bronze', '20000'], ['silver', '60000'], ['gold', '200000'], ['platinum', '2000000']]

  it.each(levels)('a %s portfolio pays its commission on a buy', (level, cash) => {
    const placed = history(Portfolio, [open, deposit(cash), buy('o1', 10, '50')], at('50'))
    const commission = commissionFor(level)
    const amount = { basic: '509.99', bronze: '508.99', silver: '507.99', gold: '506.99', platinum: '505.99' }[level]
    given(Portfolio, placed, at('50')).when(...fill('o1', '50', 10)).then([{ type: 'FundsDebited', data: { commission, amount } }, 'SharesCredited'])
  })

  it.each(levels)('a %s portfolio pays its commission on a sell', (level, cash) => {
    const placed = history(Portfolio, [open, deposit(cash), buy('o1', 10, '50'), fill('o1', '50', 10), sell('o2', 10)], at('50'))
    const commission = commissionFor(level)
    const [event] = given(Portfolio, placed, at('50')).when(...fill('o2', '50', 10)).then(['FundsCredited'])
    expect(event.data).toMatchObject({ commission, amount: { basic: '490.01', bronze: '491.01', silver: '492.01', gold: '493.01', platinum: '494.01' }[level] })
  })

  it('charges the level before the trade even when the trade changes it, and the new level afterwards', () => {
    const placed = history(Portfolio, [open, deposit('9990'), buy('o1', 10, '100'), buy('o2', 1, '100')], at('110'))
    const first = given(Portfolio, placed, at('110')).when(...fill('o1', '100', 10))
      .then([{ type: 'FundsDebited', data: { commission: '9.99', amount: '1009.99' } }, 'SharesCredited', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'bronze' } }])
    given(Portfolio, [...placed, ...first], at('110')).when(...fill('o2', '100', 1)).then([{ type: 'FundsDebited', data: { commission: '8.99', amount: '108.99' } }, 'SharesCredited'])
  })
})

describe('loyalty re-evaluated after every trade and transfer', () => {
  it('upgrades after a trade when the holdings are worth more at the quote', () => {
    given(Portfolio, history(Portfolio, [open, deposit('9990'), buy('o1', 10, '100')], at('110')), at('110')).when(...fill('o1', '100', 10))
      .then(['FundsDebited', 'SharesCredited', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'bronze' } }])
  })

  it('downgrades after a trade whose commission takes the total value below the tier', () => {
    given(Portfolio, history(Portfolio, [open, deposit('10005'), buy('o1', 1, '100')], at('100')), at('100')).when(...fill('o1', '100', 1))
      .then([{ type: 'FundsDebited', data: { amount: '108.99' } }, 'SharesCredited', { type: 'LoyaltyLevelChanged', data: { from: 'bronze', to: 'basic' } }])
  })

  it('values a holding without a quote at its last fill price', () => {
    const held = history(Portfolio, [open, deposit('9990'), buy('o1', 10, '100'), fill('o1', '100', 10)], at())
    // 8,980.01 cash + 10 × 100 (last fill) + 19.99 = 10,000.00
    given(Portfolio, held, at()).when(...deposit('19.99', 't2')).then(['FundsCredited', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'bronze' } }])
    given(Portfolio, held, at()).when(...deposit('19.98', 't2')).then(['FundsCredited'])
  })

  it('values a holding at its current quote when there is one', () => {
    const held = history(Portfolio, [open, deposit('9990'), buy('o1', 10, '100'), fill('o1', '100', 10)], at())
    given(Portfolio, held, at('90')).when(...deposit('19.99', 't2')).then(['FundsCredited'])
  })

  it('does not re-evaluate when an order fails', () => {
    given(Portfolio, history(Portfolio, [open, deposit('9000'), buy('o1', 1, '10')], at('10')), at('100000'))
      .when('AcknowledgeOrderFailure', { portfolioId: 'p1', orderId: 'o1', reason: 'expired' }).then(['OrderFailed'])
  })
})
