import { describe, expect, it } from 'vitest'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import type { PortfolioState } from '../../../domain/trading/portfolio-state.ts'
import { given, testContext } from '../../support/gwt.ts'
import { history, stateOf } from './fixtures.ts'

const open: [string, Record<string, unknown>] = ['OpenPortfolio', { portfolioId: 'p1', name: 'Practice' }]
const deposit = (amount: string, transferId = 't-in'): [string, Record<string, unknown>] => ['ReceiveFunds', { portfolioId: 'p1', transferId, amount }]
const withdraw = (amount: string, transferId = 't-out'): [string, Record<string, unknown>] => ['SendFunds', { portfolioId: 'p1', transferId, amount, destination: 'bank-1' }]
const funded = (amount: string) => history(Portfolio, [open, deposit(amount)])
const quotes = testContext({ quotes: { ACME: '100' } })
const state = (events: Parameters<typeof stateOf>[1]) => stateOf(Portfolio, events) as PortfolioState

describe('OpenPortfolio', () => {
  it('opens a portfolio at the basic loyalty level', () => {
    given(Portfolio).when('OpenPortfolio', { portfolioId: 'p1', name: 'Practice', owner: 'ana' })
      .then([{ type: 'PortfolioOpened', data: { portfolioId: 'p1', name: 'Practice', owner: 'ana', loyaltyLevel: 'basic' } }])
  })

  it('records a missing owner as null', () => {
    const [event] = given(Portfolio).when('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' }).then(['PortfolioOpened'])
    expect(event.data.owner).toBeNull()
  })

  it('starts with no cash, nothing reserved and no holdings', () => {
    const state = stateOf(Portfolio, history(Portfolio, [open])) as PortfolioState
    expect(state).toMatchObject({ status: 'open', cash: '0.00', reservedCash: '0.00', holdings: {}, loyaltyLevel: 'basic' })
  })

  it('rejects an id already taken with PORTFOLIO_EXISTS', () => {
    given(Portfolio, history(Portfolio, [open])).when('OpenPortfolio', { portfolioId: 'p1', name: 'Other' }).thenRejects('PORTFOLIO_EXISTS')
  })

  it('rejects a missing name and an unknown field with INVALID_COMMAND naming the field', () => {
    given(Portfolio).when('OpenPortfolio', { portfolioId: 'p1' }).thenRejects('INVALID_COMMAND', 'name')
    given(Portfolio).when('OpenPortfolio', { portfolioId: 'p1', name: 'P', colour: 'red' }).thenRejects('INVALID_COMMAND', 'colour')
  })
})

describe('UNKNOWN_PORTFOLIO', () => {
  const commands: Array<[string, Record<string, unknown>]> = [
    deposit('10'), withdraw('10'), ['AcceptRefund', { portfolioId: 'p1', transferId: 't', amount: '10' }],
    ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '10' }],
    ['ProcessTrade', { portfolioId: 'p1', orderId: 'o1', price: '10', quantity: 1 }],
    ['AcknowledgeOrderFailure', { portfolioId: 'p1', orderId: 'o1', reason: 'expired' }],
    ['ClosePortfolio', { portfolioId: 'p1' }],
  ]
  it.each(commands)('rejects %s on a portfolio that was never opened', (command, data) => {
    given(Portfolio).when(command, data).thenRejects('UNKNOWN_PORTFOLIO')
  })
})

describe('ReceiveFunds', () => {
  it('credits the amount in cents', () => {
    const events = given(Portfolio, history(Portfolio, [open])).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '5000' })
      .then([{ type: 'FundsCredited', data: { transferId: 't1', amount: '5000.00' } }])
    expect((stateOf(Portfolio, [...history(Portfolio, [open]), ...events]) as PortfolioState).cash).toBe('5000.00')
  })

  it('raises the loyalty level when the deposit crosses a tier', () => {
    given(Portfolio, funded('9000')).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't2', amount: '1000' })
      .then(['FundsCredited', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'bronze' } }])
  })

  it('jumps several tiers in one change', () => {
    given(Portfolio, history(Portfolio, [open])).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '150000' })
      .then(['FundsCredited', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'gold' } }])
  })

  it('changes nothing when the same transfer arrives again', () => {
    given(Portfolio, funded('5000')).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't-in', amount: '5000.00' }).thenNothing()
  })

  it('rejects another amount under a transfer id already booked with DUPLICATE_TRANSFER', () => {
    given(Portfolio, funded('5000')).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't-in', amount: '10' }).thenRejects('DUPLICATE_TRANSFER')
  })

  it.each(['0', '-5', '1.001', 'ten', '1e3'])('rejects amount %s with INVALID_AMOUNT', (amount) => {
    given(Portfolio, history(Portfolio, [open])).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount }).thenRejects('INVALID_AMOUNT', 'amount')
  })

  it('rejects a number where a decimal string is due with INVALID_AMOUNT', () => {
    given(Portfolio, history(Portfolio, [open])).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: 100 }).thenRejects('INVALID_AMOUNT', 'amount')
  })

  it('rejects a deposit into a closed portfolio with PORTFOLIO_CLOSED', () => {
    const closed = history(Portfolio, [open, ['ClosePortfolio', { portfolioId: 'p1' }]])
    given(Portfolio, closed).when('ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '10' }).thenRejects('PORTFOLIO_CLOSED')
  })
})

describe('SendFunds', () => {
  it('debits the amount and names the destination', () => {
    given(Portfolio, funded('5000')).when('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '1200.5', destination: 'bank-1' })
      .then([{ type: 'FundsDebited', data: { transferId: 't-out', amount: '1200.50', destination: 'bank-1' } }])
  })

  it('may send every cent of the available cash', () => {
    given(Portfolio, funded('5000')).when(...withdraw('5000')).then(['FundsDebited'])
  })

  it('rejects more than the available cash with INSUFFICIENT_FUNDS', () => {
    const rejection = given(Portfolio, funded('5000')).when(...withdraw('5000.01')).thenRejects('INSUFFICIENT_FUNDS')
    expect(rejection.details).toMatchObject({ availableCash: '5000.00' })
  })

  it('counts cash reserved for open buy orders as unavailable', () => {
    const reserved = history(Portfolio, [open, deposit('5000'), ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market' }]], quotes)
    given(Portfolio, reserved, quotes).when(...withdraw('3990.02')).thenRejects('INSUFFICIENT_FUNDS')
    given(Portfolio, reserved, quotes).when(...withdraw('3990.01')).then(['FundsDebited'])
  })

  it('lowers the loyalty level when the withdrawal falls below a tier', () => {
    given(Portfolio, funded('12000')).when(...withdraw('2000.01'))
      .then(['FundsDebited', { type: 'LoyaltyLevelChanged', data: { from: 'bronze', to: 'basic' } }])
  })

  it('changes nothing when the same withdrawal arrives again', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000'), withdraw('100')])).when(...withdraw('100')).thenNothing()
  })

  it('rejects an amount of zero with INVALID_AMOUNT', () => {
    given(Portfolio, funded('5000')).when(...withdraw('0')).thenRejects('INVALID_AMOUNT', 'amount')
  })

  it('rejects a withdrawal from a closed portfolio with PORTFOLIO_CLOSED', () => {
    const closed = history(Portfolio, [open, ['ClosePortfolio', { portfolioId: 'p1' }]])
    given(Portfolio, closed).when(...withdraw('10')).thenRejects('PORTFOLIO_CLOSED')
  })
})

describe('AcceptRefund', () => {
  const sent = history(Portfolio, [open, deposit('5000'), withdraw('1000')])

  it('credits the refund of a withdrawal this portfolio sent', () => {
    const events = given(Portfolio, sent).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '1000' })
      .then([{ type: 'RefundAccepted', data: { transferId: 't-out', amount: '1000.00' } }])
    expect((stateOf(Portfolio, [...sent, ...events]) as PortfolioState).cash).toBe('5000.00')
  })

  it('raises the loyalty level when the refund crosses a tier back', () => {
    const bronze = history(Portfolio, [open, deposit('10000'), withdraw('500')])
    given(Portfolio, bronze).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '500' })
      .then(['RefundAccepted', { type: 'LoyaltyLevelChanged', data: { from: 'basic', to: 'bronze' } }])
  })

  it('accepts a refund once: again, nothing happens', () => {
    const refunded = history(Portfolio, [open, deposit('5000'), withdraw('1000'), ['AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '1000' }]])
    given(Portfolio, refunded).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '1000' }).thenNothing()
  })

  it('rejects a transfer this portfolio never sent with UNKNOWN_TRANSFER', () => {
    given(Portfolio, sent).when('AcceptRefund', { portfolioId: 'p1', transferId: 'nope', amount: '10' }).thenRejects('UNKNOWN_TRANSFER')
    given(Portfolio, sent).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-in', amount: '10' }).thenRejects('UNKNOWN_TRANSFER')
  })

  it('credits a refund even when the portfolio closed meanwhile: the money must land somewhere', () => {
    const closed = history(Portfolio, [open, deposit('1000'), withdraw('1000'), ['ClosePortfolio', { portfolioId: 'p1' }]])
    const events = given(Portfolio, closed).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '1000' }).then(['RefundAccepted'])
    expect(state([...closed, ...events])).toMatchObject({ status: 'closed', cash: '1000.00' })
  })

  it('rejects a refund above the amount sent with INVALID_AMOUNT', () => {
    given(Portfolio, sent).when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '1000.01' }).thenRejects('INVALID_AMOUNT')
  })
})

describe('ClosePortfolio', () => {
  it('closes an empty portfolio', () => {
    given(Portfolio, history(Portfolio, [open])).when('ClosePortfolio', { portfolioId: 'p1' }).then([{ type: 'PortfolioClosed', data: { portfolioId: 'p1' } }])
  })

  it('closes once cash is withdrawn to zero', () => {
    given(Portfolio, history(Portfolio, [open, deposit('50'), withdraw('50')])).when('ClosePortfolio', { portfolioId: 'p1' }).then(['PortfolioClosed'])
  })

  it('rejects a portfolio holding cash with PORTFOLIO_NOT_EMPTY', () => {
    const rejection = given(Portfolio, funded('0.01')).when('ClosePortfolio', { portfolioId: 'p1' }).thenRejects('PORTFOLIO_NOT_EMPTY')
    expect(rejection.details).toMatchObject({ cash: '0.01', holdings: [], activeOrders: 0 })
  })

  it('rejects a portfolio holding shares or active orders with PORTFOLIO_NOT_EMPTY', () => {
    const holding = history(Portfolio, [
      open, deposit('1009.99'),
      ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '100' }],
      ['ProcessTrade', { portfolioId: 'p1', orderId: 'o1', price: '100', quantity: 10 }],
      ['PlaceOrder', { portfolioId: 'p1', orderId: 'o2', symbol: 'ACME', side: 'sell', quantity: 10, orderType: 'limit', limitPrice: '120' }],
    ])
    const rejection = given(Portfolio, holding).when('ClosePortfolio', { portfolioId: 'p1' }).thenRejects('PORTFOLIO_NOT_EMPTY')
    expect(rejection.details).toMatchObject({ cash: '0.00', holdings: ['ACME'], activeOrders: 1 })
  })

  it('changes nothing when the portfolio is already closed', () => {
    given(Portfolio, history(Portfolio, [open, ['ClosePortfolio', { portfolioId: 'p1' }]])).when('ClosePortfolio', { portfolioId: 'p1' }).thenNothing()
  })
})
