import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { trading } from '../../../domain/trading/index.ts'
import { givenLog, givenWorld } from '../../support/gwt.ts'
import { World } from './world.ts'

let world: World
const p1 = { portfolioId: 'p1' }
const buy = (orderId: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }) =>
  givenWorld(world).when('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'buy', quantity, ...terms }, 'Portfolio')
const sell = (orderId: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }) =>
  givenWorld(world).when('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side: 'sell', quantity, ...terms }, 'Portfolio')
const deposit = (amount: string, transferId = 't-in') => givenWorld(world).when('RequestFunds', { transferId, portfolioId: 'p1', amount, source: 'bank-1' })
/** One fill of a buy as its cascade shows it: the broker fills, the portfolio pays and receives the shares. */
const bought = (orderId: string) => ['OrderFulfilled', 'FundsDebited', 'SharesCredited'].map((type) => ({ type, data: { orderId } }))

beforeEach(() => {
  world = new World()
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' })
})

afterEach(() => {
  expect(world.policyRejections).toEqual([])
})

describe('a deposit', () => {
  it('is confirmed by the wire system and credited to the portfolio (auto mode)', () => {
    deposit('5000').then(['FundsRequested', 'TransferConfirmed', 'FundsCredited'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '5000.00' })
    givenLog(trading, world).whenQuery('Transfers', p1).then([{ transferId: 't-in', portfolioId: 'p1', direction: 'deposit', amount: '5000.00', status: 'confirmed', requestedAt: world.now, updatedAt: world.now }])
  })

  it('waits for a person in manual mode; a rejected deposit credits nothing', () => {
    world.settings = { wire: 'manual' }
    deposit('5000').then(['FundsRequested'])
    givenWorld(world).when('RejectTransfer', { transferId: 't-in', reason: 'no such account' }).then(['TransferRejected'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '0.00' })
    deposit('10', 't2').then(['FundsRequested'])
    givenWorld(world).when('ConfirmTransfer', { transferId: 't2' }).then(['TransferConfirmed', 'FundsCredited'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '10.00' })
  })
})

describe('a portfolio closed while a deposit is in flight', () => {
  it('refuses the late credit: the rejected policy command is the hotspot to discuss', () => {
    world.settings = { wire: 'manual' }
    deposit('100')
    world.dispatch('ClosePortfolio', { portfolioId: 'p1' })
    givenWorld(world).when('ConfirmTransfer', { transferId: 't-in' }).then(['TransferConfirmed'])
    expect(world.policyRejections.splice(0)).toEqual([{ policy: 'CreditDeposit', command: 'ReceiveFunds', code: 'PORTFOLIO_CLOSED' }])
  })
})

describe('a withdrawal', () => {
  beforeEach(() => {
    deposit('5000')
  })

  it('is debited, sent through the wire and confirmed', () => {
    givenWorld(world)
      .when('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio')
      .then(['FundsDebited', 'FundsSent', 'TransferConfirmed'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '4300.00' })
  })

  it('rejected by the wire system, is refunded to the portfolio', () => {
    world.settings = { wire: 'manual' }
    world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio')
    givenWorld(world).when('RejectTransfer', { transferId: 't-out', reason: 'account closed' }).then(['TransferRejected', 'SenderRefunded', 'RefundAccepted'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '5000.00' })
    givenLog(trading, world).whenQuery('Transfers', p1).thenMatches([{ status: 'confirmed' }, { transferId: 't-out', direction: 'withdrawal', status: 'refunded' }])
  })

  it('of policy-only commands is refused to a person: POLICY_ONLY', () => {
    givenWorld(world).when('SendFunds', { transferId: 'x', portfolioId: 'p1', amount: '1', destination: 'b' }, 'WireTransfer').thenRejects('POLICY_ONLY')
  })
})

describe('orders', () => {
  beforeEach(() => {
    deposit('5000')
  })

  it('a market buy is forwarded, filled at the quote and settled', () => {
    world.market({ ACME: '101.25' })
    buy('o1', 10).then(['OrderPlaced', 'OrderReceived', 'OrderFulfilled', 'FundsDebited', 'SharesCredited'])
    givenLog(trading, world)
      .whenQuery('PortfolioSummary', p1)
      .thenMatches({ cash: '3977.51', reservedCash: '0.00', holdings: [{ symbol: 'ACME', quantity: 10, price: '101.25' }] })
    givenLog(trading, world).whenQuery('Orders', p1).thenMatches([{ orderId: 'o1', status: 'fulfilled', price: '101.25', commission: '9.99' }])
  })

  it('a market sell without a quote fails and its shares come back', () => {
    world.market({ ACME: '100' })
    buy('o1', 10)
    delete world.quotes.ACME
    sell('o2', 10).then(['OrderPlaced', 'SharesDebited', 'OrderReceived', 'OrderCanceled', 'OrderFailed', 'SharesCredited'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ holdings: [{ quantity: 10, reserved: 0 }] })
    givenLog(trading, world).whenQuery('Orders', p1).thenMatches([{ status: 'fulfilled' }, { status: 'failed', reason: 'no_quote' }])
  })

  it('limit orders wait for the market and fill in time priority, each with its full cascade', () => {
    world.market({ ACME: '100' })
    buy('o1', 10, { orderType: 'limit', limitPrice: '95' }).then(['OrderPlaced', 'OrderReceived'])
    buy('o2', 10, { orderType: 'limit', limitPrice: '97' })
    givenWorld(world).whenMarketMoves({ ACME: '96' }).then(bought('o2'))
    givenWorld(world).whenMarketMoves({ ACME: '94' }).then(bought('o1'))
    givenLog(trading, world).whenQuery('PendingOrders').then([])
    buy('o3', 1, { orderType: 'limit', limitPrice: '90' })
    buy('o4', 1, { orderType: 'limit', limitPrice: '91' })
    givenWorld(world).whenMarketMoves({ ACME: '89' }).then([...bought('o3'), ...bought('o4')])
  })

  it('a trader cancels a pending order and the reservation is released', () => {
    buy('o1', 10, { orderType: 'limit', limitPrice: '95' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ reservedCash: '959.99' })
    givenWorld(world).when('CancelOrder', { orderId: 'o1', reason: 'canceled' }).then(['OrderCanceled', 'OrderFailed'])
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ reservedCash: '0.00', availableCash: '5000.00' })
    givenLog(trading, world).whenQuery('Orders', p1).thenMatches([{ status: 'canceled', reason: 'canceled' }])
  })

  it('day orders expire at the market close; good-till-canceled orders stay', () => {
    buy('o1', 1, { orderType: 'limit', limitPrice: '1' })
    buy('o2', 1, { orderType: 'limit', limitPrice: '1', timeInForce: 'gtc' })
    givenWorld(world).whenClockMoves('2027-01-04T20:00:00.000Z').thenNothing()
    givenWorld(world).whenClockMoves('2027-01-05T09:00:00.000Z').then([
      { type: 'OrderCanceled', data: { orderId: 'o1', reason: 'expired' } },
      { type: 'OrderFailed', data: { orderId: 'o1' } },
    ])
    givenLog(trading, world).whenQuery('Orders', p1).thenMatches([{ orderId: 'o1', status: 'failed', reason: 'expired' }, { orderId: 'o2', status: 'pending' }])
  })

  it('a fill the cash cannot cover overdraws the portfolio', () => {
    world.market({ ACME: '100' })
    buy('o1', 45, { orderType: 'stop', stopPrice: '101' })
    world.market({ ACME: '120' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '-409.99', availableCash: '-409.99', overdrawn: true })
  })
})
