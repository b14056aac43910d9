import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PortfolioSummary } from '../../../domain/trading/portfolio-summary.ts'
import { typesOf, World } from './world.ts'

let world: World
const buy = (orderId: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }) =>
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'buy', quantity, ...terms }, 'Portfolio')
const sell = (orderId: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }) =>
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'sell', quantity, ...terms }, 'Portfolio')
const summary = () => world.query<PortfolioSummary>('PortfolioSummary', { portfolioId: 'p1' })

beforeEach(() => {
  world = new World()
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' })
})

afterEach(() => {
  expect(world.policyRejections).toEqual([])
})

function deposit(amount: string, transferId = 't-in') {
  return world.dispatch('RequestFunds', { transferId, portfolioId: 'p1', amount, source: 'bank-1' })
}

describe('a deposit', () => {
  it('is confirmed by the wire system and credited to the portfolio (auto mode)', () => {
    expect(typesOf(deposit('5000'))).toEqual(['FundsRequested', 'TransferConfirmed', 'FundsCredited'])
    expect(summary().cash).toBe('5000.00')
    expect(world.query('Transfers', { portfolioId: 'p1' })).toEqual([{ transferId: 't-in', portfolioId: 'p1', direction: 'deposit', amount: '5000.00', status: 'confirmed' }])
  })

  it('waits for a person in manual mode; a rejected deposit credits nothing', () => {
    world.settings = { wire: 'manual' }
    expect(typesOf(deposit('5000'))).toEqual(['FundsRequested'])
    expect(typesOf(world.dispatch('RejectTransfer', { transferId: 't-in', reason: 'no such account' }))).toEqual(['TransferRejected'])
    expect(summary().cash).toBe('0.00')
    expect(typesOf(deposit('10', 't2'))).toEqual(['FundsRequested'])
    expect(typesOf(world.dispatch('ConfirmTransfer', { transferId: 't2' }))).toEqual(['TransferConfirmed', 'FundsCredited'])
    expect(summary().cash).toBe('10.00')
  })
})

describe('a portfolio closed while a deposit is in flight', () => {
  it('refuses the late credit: the rejected policy command is the hotspot to discuss', () => {
    world.settings = { wire: 'manual' }
    deposit('100')
    world.dispatch('ClosePortfolio', { portfolioId: 'p1' })
    expect(typesOf(world.dispatch('ConfirmTransfer', { transferId: 't-in' }))).toEqual(['TransferConfirmed'])
    expect(world.policyRejections.splice(0)).toEqual([{ policy: 'CreditDeposit', command: 'ReceiveFunds', code: 'PORTFOLIO_CLOSED' }])
  })
})

describe('a withdrawal', () => {
  beforeEach(() => deposit('5000'))

  it('is debited, sent through the wire and confirmed', () => {
    expect(typesOf(world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio')))
      .toEqual(['FundsDebited', 'FundsSent', 'TransferConfirmed'])
    expect(summary().cash).toBe('4300.00')
  })

  it('rejected by the wire system, is refunded to the portfolio', () => {
    world.settings = { wire: 'manual' }
    world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio')
    expect(typesOf(world.dispatch('RejectTransfer', { transferId: 't-out', reason: 'account closed' }))).toEqual(['TransferRejected', 'SenderRefunded', 'RefundAccepted'])
    expect(summary().cash).toBe('5000.00')
    expect(world.query('Transfers', { portfolioId: 'p1' })).toMatchObject([{ status: 'confirmed' }, { transferId: 't-out', direction: 'withdrawal', status: 'refunded' }])
  })

  it('of policy-only commands is refused to a person: POLICY_ONLY', () => {
    expect(typesOf(world.dispatch('SendFunds', { transferId: 'x', portfolioId: 'p1', amount: '1', destination: 'b' }, 'WireTransfer'))).toBe('POLICY_ONLY')
  })
})

describe('orders', () => {
  beforeEach(() => deposit('5000'))

  it('a market buy is forwarded, filled at the quote and settled', () => {
    world.market({ ACME: '101.25' })
    const events = buy('o1', 10)
    expect(typesOf(events)).toEqual(['OrderPlaced', 'OrderReceived', 'OrderFulfilled', 'FundsDebited', 'SharesCredited'])
    expect(summary()).toMatchObject({ cash: '3977.51', reservedCash: '0.00', holdings: [{ symbol: 'ACME', quantity: 10, price: '101.25' }] })
    expect(world.query('Orders', { portfolioId: 'p1' })).toMatchObject([{ orderId: 'o1', status: 'fulfilled', price: '101.25', commission: '9.99' }])
  })

  it('a market sell without a quote fails and its shares come back', () => {
    world.market({ ACME: '100' })
    buy('o1', 10)
    delete world.quotes.ACME
    expect(typesOf(sell('o2', 10))).toEqual(['OrderPlaced', 'SharesDebited', 'OrderReceived', 'OrderCanceled', 'OrderFailed', 'SharesCredited'])
    expect(summary().holdings).toMatchObject([{ quantity: 10, reserved: 0 }])
    expect(world.query('Orders', { portfolioId: 'p1' })).toMatchObject([{ status: 'fulfilled' }, { status: 'failed', reason: 'no_quote' }])
  })

  it('limit orders wait for the market and fill in time priority, each with its full cascade', () => {
    world.market({ ACME: '100' })
    expect(typesOf(buy('o1', 10, { orderType: 'limit', limitPrice: '95' }))).toEqual(['OrderPlaced', 'OrderReceived'])
    buy('o2', 10, { orderType: 'limit', limitPrice: '97' })
    expect(typesOf(world.market({ ACME: '96' }))).toEqual(['OrderFulfilled', 'FundsDebited', 'SharesCredited'])
    expect(world.market({ ACME: '94' }).map((e) => `${e.type}:${e.data.orderId}`)).toEqual(['OrderFulfilled:o1', 'FundsDebited:o1', 'SharesCredited:o1'])
    expect(world.query('PendingOrders')).toEqual([])
    buy('o3', 1, { orderType: 'limit', limitPrice: '90' })
    buy('o4', 1, { orderType: 'limit', limitPrice: '91' })
    expect(world.market({ ACME: '89' }).filter((e) => e.type === 'OrderFulfilled').map((e) => e.data.orderId)).toEqual(['o3', 'o4'])
  })

  it('a trader cancels a pending order and the reservation is released', () => {
    buy('o1', 10, { orderType: 'limit', limitPrice: '95' })
    expect(summary().reservedCash).toBe('959.99')
    expect(typesOf(world.dispatch('CancelOrder', { orderId: 'o1', reason: 'canceled' }))).toEqual(['OrderCanceled', 'OrderFailed'])
    expect(summary()).toMatchObject({ reservedCash: '0.00', availableCash: '5000.00' })
    expect(world.query('Orders', { portfolioId: 'p1' })).toMatchObject([{ status: 'canceled', reason: 'canceled' }])
  })

  it('day orders expire at the market close; good-till-canceled orders stay', () => {
    buy('o1', 1, { orderType: 'limit', limitPrice: '1' })
    buy('o2', 1, { orderType: 'limit', limitPrice: '1', timeInForce: 'gtc' })
    expect(typesOf(world.advance('2027-01-04T20:00:00.000Z'))).toEqual([])
    expect(typesOf(world.advance('2027-01-05T09:00:00.000Z'))).toEqual(['OrderCanceled', 'OrderFailed'])
    expect(world.query('Orders', { portfolioId: 'p1' })).toMatchObject([{ orderId: 'o1', status: 'failed', reason: 'expired' }, { orderId: 'o2', status: 'pending' }])
  })

  it('a fill the cash cannot cover overdraws the portfolio', () => {
    world.market({ ACME: '100' })
    buy('o1', 45, { orderType: 'stop', stopPrice: '101' })
    world.market({ ACME: '120' })
    expect(summary()).toMatchObject({ cash: '-409.99', availableCash: '-409.99', overdrawn: true })
  })
})
