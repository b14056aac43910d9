import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../../domain/kernel/index.ts'
import { trading } from '../../../../domain/trading/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { foldProjections } from '../fixtures.ts'
import { World } from '../world.ts'

/** A log touching every trading projection: deposits, withdrawals (one refunded), fills, failures, cancels. */
function busyWorld(): World {
  const world = new World()
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' })
  world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
  world.settings = { wire: 'manual' }
  world.dispatch('RequestFunds', { transferId: 't2', portfolioId: 'p1', amount: '50', source: 'bank' })
  world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't3', amount: '100', destination: 'bank' }, 'Portfolio')
  world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't4', amount: '200', destination: 'bank' }, 'Portfolio')
  world.now = '2027-01-04T09:15:00.000Z'
  world.dispatch('RejectTransfer', { transferId: 't4', reason: 'account closed' })
  world.dispatch('RequestFunds', { transferId: 't5', portfolioId: 'p1', amount: '70', source: 'bank' })
  world.dispatch('RejectTransfer', { transferId: 't5', reason: 'no funds' })
  world.market({ ACME: '100' })
  const order = (orderId: string, side: string, quantity: number, terms: Record<string, unknown>) =>
    world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side, quantity, ...terms }, 'Portfolio')
  order('o1', 'buy', 10, { orderType: 'market' })
  order('o2', 'buy', 5, { orderType: 'limit', limitPrice: '90', timeInForce: 'gtc' })
  order('o3', 'sell', 4, { orderType: 'stop', stopPrice: '80' })
  order('o4', 'buy', 1, { orderType: 'limit', limitPrice: '50' })
  world.now = '2027-01-04T10:30:00.000Z'
  world.dispatch('CancelOrder', { orderId: 'o4', reason: 'canceled' })
  order('o5', 'buy', 1, { orderType: 'limit', limitPrice: '60' })
  world.advance('2027-01-05T09:00:00.000Z')
  return world
}

describe('Portfolios', () => {
  it('lists every portfolio in the order opened (ids that look like numbers too), with status and loyalty level', () => {
    const world = new World()
    world.dispatch('OpenPortfolio', { portfolioId: 'zeta', name: 'Zeta', owner: 'ana' })
    world.dispatch('OpenPortfolio', { portfolioId: '10', name: 'Ten' })
    world.dispatch('OpenPortfolio', { portfolioId: '2', name: 'Two' })
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: '10', amount: '20000', source: 'bank' })
    world.dispatch('ClosePortfolio', { portfolioId: '2' })
    givenLog(trading, world).whenQuery('Portfolios').then([
      { portfolioId: 'zeta', name: 'Zeta', owner: 'ana', status: 'open', loyaltyLevel: 'basic' },
      { portfolioId: '10', name: 'Ten', owner: null, status: 'open', loyaltyLevel: 'bronze' },
      { portfolioId: '2', name: 'Two', owner: null, status: 'closed', loyaltyLevel: 'basic' },
    ])
  })

  it('is empty before any portfolio is opened, and takes no params', () => {
    givenLog(trading, new World()).whenQuery('Portfolios').then([])
    givenLog(trading, new World()).whenQuery('Portfolios', { portfolioId: 'p1' }).thenRejects('INVALID_QUERY', 'portfolioId')
  })
})

describe('Orders', () => {
  it('lists a portfolio\'s orders in the order placed, with status, fill price, commission, when placed and when last changed', () => {
    const world = busyWorld()
    expect(world.policyRejections).toEqual([])
    const [day, later, nextDay] = ['2027-01-04T09:15:00.000Z', '2027-01-04T10:30:00.000Z', '2027-01-05T09:00:00.000Z']
    givenLog(trading, world).whenQuery('Orders', { portfolioId: 'p1' }).then([
      { orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market', timeInForce: 'day', status: 'fulfilled', price: '100.00', commission: '9.99', amount: '1009.99', placedAt: day, updatedAt: day },
      { orderId: 'o2', symbol: 'ACME', side: 'buy', quantity: 5, orderType: 'limit', limitPrice: '90.00', timeInForce: 'gtc', status: 'pending', placedAt: day, updatedAt: day },
      { orderId: 'o3', symbol: 'ACME', side: 'sell', quantity: 4, orderType: 'stop', stopPrice: '80.00', timeInForce: 'day', status: 'failed', reason: 'expired', placedAt: day, updatedAt: nextDay },
      { orderId: 'o4', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '50.00', timeInForce: 'day', status: 'canceled', reason: 'canceled', placedAt: day, updatedAt: later },
      { orderId: 'o5', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '60.00', timeInForce: 'day', status: 'failed', reason: 'expired', placedAt: later, updatedAt: nextDay },
    ])
  })

  it('answers an empty list for a portfolio without orders', () => {
    givenLog(trading, busyWorld()).whenQuery('Orders', { portfolioId: 'other' }).then([])
  })
})

describe('Transfers', () => {
  it('lists a portfolio\'s transfers in the order started, with direction, amount, status, when started and when last changed', () => {
    const [day, later] = ['2027-01-04T09:00:00.000Z', '2027-01-04T09:15:00.000Z']
    const at = (requestedAt: string, updatedAt = requestedAt) => ({ requestedAt, updatedAt })
    givenLog(trading, busyWorld()).whenQuery('Transfers', { portfolioId: 'p1' }).then([
      { transferId: 't1', portfolioId: 'p1', direction: 'deposit', amount: '9000.00', status: 'confirmed', ...at(day) },
      { transferId: 't2', portfolioId: 'p1', direction: 'deposit', amount: '50.00', status: 'requested', ...at(day) },
      { transferId: 't3', portfolioId: 'p1', direction: 'withdrawal', amount: '100.00', status: 'sent', ...at(day) },
      { transferId: 't4', portfolioId: 'p1', direction: 'withdrawal', amount: '200.00', status: 'refunded', reason: 'account closed', ...at(day, later) },
      { transferId: 't5', portfolioId: 'p1', direction: 'deposit', amount: '70.00', status: 'rejected', reason: 'no funds', ...at(later) },
    ])
  })

  it('looks up one transfer, or null', () => {
    const read = givenLog(trading, busyWorld())
    read.whenQuery('Transfer', { transferId: 't3' }).thenMatches({ direction: 'withdrawal', status: 'sent' })
    read.whenQuery('Transfer', { transferId: 'nope' }).then(null)
  })
})

describe('PendingOrders (the broker\'s order book)', () => {
  it('lists pending orders in time priority with when they were received, optionally for one symbol', () => {
    const read = givenLog(trading, busyWorld())
    const o2 = {
      orderId: 'o2', portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 5, orderType: 'limit', limitPrice: '90.00', timeInForce: 'gtc', placedAt: '2027-01-04T09:15:00.000Z',
    }
    read.whenQuery('PendingOrders').then([o2])
    read.whenQuery('PendingOrders', { symbol: 'ACME' }).then([o2])
    read.whenQuery('PendingOrders', { symbol: 'BOLT' }).then([])
  })
})

describe('Quote', () => {
  it('answers the quote service\'s price of a symbol, or null', () => {
    const read = givenLog(trading, busyWorld())
    read.whenQuery('Quote', { symbol: 'ACME' }).then({ symbol: 'ACME', price: '100', at: '2027-01-05T09:00:00.000Z' })
    read.whenQuery('Quote', { symbol: 'BOLT' }).then(null)
  })
})

describe('projection state', () => {
  it('is plain JSON and folds on from a JSON round trip exactly as it would have without one', () => {
    const envelopes = busyWorld().log.envelopes
    const straight = foldProjections(envelopes)
    for (const projection of trading.projections) {
      let state = projection.init()
      envelopes.forEach((event: EventEnvelope) => {
        if (projection.on.includes(event.type)) state = JSON.parse(JSON.stringify(projection.apply(state, event)))
      })
      expect(state, projection.name).toEqual(straight.get(projection.name))
      expect(JSON.parse(JSON.stringify(straight.get(projection.name))), projection.name).toEqual(straight.get(projection.name))
    }
  })

  it('starts fresh from init() every time', () => {
    for (const projection of trading.projections) {
      const a = projection.init()
      expect(a).not.toBe(projection.init())
      expect(a).toEqual(projection.init())
    }
  })
})
