import { describe, expect, it } from 'vitest'
import { price } from '../../../../domain/kernel/index.ts'
import { trading } from '../../../../domain/trading/index.ts'
import { Order } from '../../../../domain/trading/order.ts'
import { TradeService } from '../../../../domain/trading/policies/trade-service.ts'
import { givenLog } from '../../../support/gwt.ts'
import { history, Log } from '../fixtures.ts'

type Terms = Record<string, unknown>
const order = (orderId: string, terms: Terms): Terms => ({ orderId, portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market', ...terms })
const fill = (orderId: string, price: string, quantity = 10) => ({ command: 'CompleteOrder', data: { orderId, price, quantity } })
const expire = (orderId: string) => ({ command: 'CancelOrder', data: { orderId, reason: 'expired' } })

/** A log holding the orders the broker received, each at its own instant. */
function book(orders: Array<[Terms, string?]>): Log {
  const log = new Log()
  for (const [terms, at] of orders) log.append(`Order-${terms.orderId}`, history(Order, [['PlaceOrder', terms]]), at)
  return log
}

describe('TradeService reacting to OrderReceived', () => {
  it('is an external system (the pink sticky) reacting to OrderReceived', () => {
    expect(TradeService.kind).toBe('external')
    expect(TradeService.on).toEqual(['OrderReceived'])
  })

  it('fills a market order at the current quote', () => {
    const log = book([[order('o1', {})]])
    givenLog(trading, log, { quotes: { ACME: '101.25' } }).whenEvent(TradeService, log.last('OrderReceived')).then([fill('o1', '101.25')])
  })

  it('cancels a market order of a symbol without a quote: no_quote', () => {
    const log = book([[order('o1', {})]])
    givenLog(trading, log).whenEvent(TradeService, log.last('OrderReceived')).then([{ command: 'CancelOrder', data: { orderId: 'o1', reason: 'no_quote' } }])
  })

  it.each<[string, boolean, Terms, string]>([
    ['limit buy, quote below the limit', true, { orderType: 'limit', limitPrice: '100' }, '99.99'],
    ['limit buy, quote at the limit', true, { orderType: 'limit', limitPrice: '100' }, '100'],
    ['limit buy, quote above the limit', false, { orderType: 'limit', limitPrice: '100' }, '100.01'],
    ['limit sell, quote above the limit', true, { side: 'sell', orderType: 'limit', limitPrice: '100' }, '100.01'],
    ['limit sell, quote below the limit', false, { side: 'sell', orderType: 'limit', limitPrice: '100' }, '99.99'],
    ['stop buy, quote at the stop', true, { orderType: 'stop', stopPrice: '100' }, '100'],
    ['stop buy, quote below the stop', false, { orderType: 'stop', stopPrice: '100' }, '99.99'],
    ['stop sell, quote below the stop', true, { side: 'sell', orderType: 'stop', stopPrice: '100' }, '99.99'],
    ['stop sell, quote above the stop', false, { side: 'sell', orderType: 'stop', stopPrice: '100' }, '100.01'],
  ])('%s: fills now = %s', (_what, fills, terms, quote) => {
    const log = book([[order('o1', terms)]])
    givenLog(trading, log, { quotes: { ACME: quote } }).whenEvent(TradeService, log.last('OrderReceived')).then(fills ? [fill('o1', price(quote))] : [])
  })

  it('lets a limit order without a quote wait', () => {
    const log = book([[order('o1', { orderType: 'limit', limitPrice: '100' })]])
    givenLog(trading, log).whenEvent(TradeService, log.last('OrderReceived')).thenNothing()
  })

  it('answers nothing for an order the broker no longer holds (a redelivered OrderReceived)', () => {
    const log = new Log()
    log.append('Order-o1', history(Order, [['PlaceOrder', order('o1', {})], ['CompleteOrder', { orderId: 'o1', price: '100', quantity: 10 }]]))
    givenLog(trading, log, { quotes: { ACME: '100' } }).whenEvent(TradeService, log.last('OrderReceived')).thenNothing()
  })
})

describe('TradeService.onMarket', () => {
  const log = book([
    [order('o1', { orderType: 'limit', limitPrice: '95' })],
    [order('o2', { symbol: 'BOLT', orderType: 'limit', limitPrice: '20' })],
    [order('o3', { orderType: 'limit', limitPrice: '99' })],
    [order('o4', { orderType: 'limit', limitPrice: '90' })],
    [order('o5', { side: 'sell', orderType: 'stop', stopPrice: '96' })],
  ])

  it('fills every order the new quotes trigger, in the order placed (time priority)', () => {
    givenLog(trading, log)
      .whenMarketMoves(TradeService, { ACME: '94', BOLT: '19.5' })
      .then([fill('o1', '94.00'), fill('o2', '19.50'), fill('o3', '94.00'), fill('o5', '94.00')])
  })

  it('looks only at the symbols whose quote changed', () => {
    givenLog(trading, log, { quotes: { ACME: '94' } }).whenMarketMoves(TradeService, { BOLT: '19.5' }).then([fill('o2', '19.50')])
  })

  it('fills nothing while no condition is met', () => {
    givenLog(trading, log).whenMarketMoves(TradeService, { ACME: '99.5' }).thenNothing()
  })
})

describe('TradeService.onClock', () => {
  const log = book([
    [order('day', { orderType: 'limit', limitPrice: '1' }), '2027-01-04T14:00:00.000Z'],
    [order('gtc', { orderType: 'limit', limitPrice: '1', timeInForce: 'gtc' }), '2027-01-04T14:00:00.000Z'],
    [order('late', { orderType: 'limit', limitPrice: '1' }), '2027-01-04T22:00:00.000Z'],
    [order('friday', { orderType: 'limit', limitPrice: '1' }), '2027-01-08T22:00:00.000Z'],
  ])
  const monday = { now: '2027-01-04T09:00:00.000Z' }

  it('keeps day orders before the close', () => {
    givenLog(trading, log, monday).whenClockMoves(TradeService, '2027-01-04T20:59:59.999Z').thenNothing()
  })

  it('cancels day orders as expired once the clock reaches 21:00 UTC of their day; good-till-canceled orders stay', () => {
    givenLog(trading, log, monday).whenClockMoves(TradeService, '2027-01-04T21:00:00.000Z').then([expire('day')])
  })

  it('expires an order placed after the close at the next close', () => {
    givenLog(trading, log, monday).whenClockMoves(TradeService, '2027-01-05T21:00:00.000Z').then([expire('day'), expire('late')])
  })

  it('expires an order placed on Friday evening at Monday\'s close, not over the weekend', () => {
    givenLog(trading, log, monday).whenClockMoves(TradeService, '2027-01-10T23:00:00.000Z').then([expire('day'), expire('late')])
    givenLog(trading, log, monday).whenClockMoves(TradeService, '2027-01-11T21:00:00.000Z').then([expire('day'), expire('late'), expire('friday')])
  })
})
