import { describe, expect, it } from 'vitest'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import type { PortfolioState } from '../../../domain/trading/portfolio-state.ts'
import { given, testContext } from '../../support/gwt.ts'
import { history, stateOf } from './fixtures.ts'

type Step = [string, Record<string, unknown>]
const open: Step = ['OpenPortfolio', { portfolioId: 'p1', name: 'Practice' }]
const deposit = (amount: string, transferId = 't-in'): Step => ['ReceiveFunds', { portfolioId: 'p1', transferId, amount }]
const order = (orderId: string, side: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }): Step =>
  ['PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side, quantity, ...terms }]
const fill = (orderId: string, price: string, quantity: number): Step => ['ProcessTrade', { portfolioId: 'p1', orderId, price, quantity }]
const fail = (orderId: string, reason = 'expired'): Step => ['AcknowledgeOrderFailure', { portfolioId: 'p1', orderId, reason }]
const at100 = testContext({ quotes: { ACME: '100' } })
const noQuote = testContext()
const limit = (limitPrice: string) => ({ orderType: 'limit', limitPrice })
/** p1 with 5,000 in cash and 10 ACME bought at 100 (cash left: 3,990.01). */
const holding = history(Portfolio, [open, deposit('5000'), order('o0', 'buy', 10, limit('100')), fill('o0', '100', 10)], at100)
const state = (events: Parameters<typeof stateOf>[1]) => stateOf(Portfolio, events) as PortfolioState

describe('PlaceOrder: buy', () => {
  it('places a market buy and reserves quantity × quote + commission', () => {
    const base = history(Portfolio, [open, deposit('5000')])
    const events = given(Portfolio, base, at100).when(...order('o1', 'buy', 10))
      .then([{ type: 'OrderPlaced', data: { orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market', timeInForce: 'day', estimate: '1009.99' } }])
    expect(state([...base, ...events])).toMatchObject({ cash: '5000.00', reservedCash: '1009.99' })
  })

  it('prices a limit buy at its limit price, not at the quote', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000')]), at100).when(...order('o1', 'buy', 10, limit('90')))
      .then([{ type: 'OrderPlaced', data: { limitPrice: '90.00', estimate: '909.99' } }])
  })

  it('prices a stop buy at its stop price', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000')]), at100).when(...order('o1', 'buy', 10, { orderType: 'stop', stopPrice: '110.5' }))
      .then([{ type: 'OrderPlaced', data: { stopPrice: '110.50', estimate: '1114.99' } }])
  })

  it('places a limit buy of a symbol without a quote', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000')]), noQuote).when(...order('o1', 'buy', 10, limit('90'))).then(['OrderPlaced'])
  })

  it('carries a good-till-canceled time in force', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000')]), at100).when(...order('o1', 'buy', 1, { ...limit('90'), timeInForce: 'gtc' }))
      .then([{ type: 'OrderPlaced', data: { timeInForce: 'gtc' } }])
  })

  it('rejects a market buy of a symbol without a quote with NO_QUOTE', () => {
    given(Portfolio, history(Portfolio, [open, deposit('5000')]), noQuote).when(...order('o1', 'buy', 10)).thenRejects('NO_QUOTE')
  })

  it('rejects a buy whose estimate exceeds the available cash with INSUFFICIENT_FUNDS', () => {
    const rejection = given(Portfolio, history(Portfolio, [open, deposit('1009.98')]), at100).when(...order('o1', 'buy', 10)).thenRejects('INSUFFICIENT_FUNDS')
    expect(rejection.details).toEqual({ estimate: '1009.99', availableCash: '1009.98' })
    given(Portfolio, history(Portfolio, [open, deposit('1009.99')]), at100).when(...order('o1', 'buy', 10)).then(['OrderPlaced'])
  })

  it('counts earlier reservations against a new buy', () => {
    const reserved = history(Portfolio, [open, deposit('2000'), order('o1', 'buy', 10)], at100)
    given(Portfolio, reserved, at100).when(...order('o2', 'buy', 10)).thenRejects('INSUFFICIENT_FUNDS')
  })

  it('estimates with the commission of the current loyalty level', () => {
    given(Portfolio, history(Portfolio, [open, deposit('20000')]), at100).when(...order('o1', 'buy', 10))
      .then([{ type: 'OrderPlaced', data: { estimate: '1008.99' } }])
  })
})

describe('PlaceOrder: sell', () => {
  it('places a sell and reserves the shares', () => {
    const events = given(Portfolio, holding, at100).when(...order('o1', 'sell', 4, limit('120')))
      .then([{ type: 'OrderPlaced', data: { orderId: 'o1', side: 'sell', quantity: 4 } }, { type: 'SharesDebited', data: { orderId: 'o1', symbol: 'ACME', quantity: 4 } }])
    expect(state([...holding, ...events]).holdings.ACME).toEqual({ quantity: 10, reserved: 4 })
    expect(state([...holding, ...events]).reservedCash).toBe('0.00')
  })

  it('places a market sell even without a quote (the broker will answer)', () => {
    given(Portfolio, holding, noQuote).when(...order('o1', 'sell', 10)).then(['OrderPlaced', 'SharesDebited'])
  })

  it('rejects a sell above the shares held with INSUFFICIENT_SHARES', () => {
    given(Portfolio, holding, at100).when(...order('o1', 'sell', 11)).thenRejects('INSUFFICIENT_SHARES')
    given(Portfolio, history(Portfolio, [open]), at100).when(...order('o1', 'sell', 1)).thenRejects('INSUFFICIENT_SHARES')
  })

  it('counts shares reserved by another sell as not free', () => {
    const reserved = history(Portfolio, [open, deposit('5000'), order('o0', 'buy', 10, limit('100')), fill('o0', '100', 10), order('o1', 'sell', 6)], at100)
    const rejection = given(Portfolio, reserved, at100).when(...order('o2', 'sell', 5)).thenRejects('INSUFFICIENT_SHARES')
    expect(rejection.details).toMatchObject({ free: 4 })
  })
})

describe('PlaceOrder: other rules', () => {
  const base = history(Portfolio, [open, deposit('5000')])
  it.each<[string, Record<string, unknown>, string]>([
    ['a quantity of 0', { quantity: 0 }, 'quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'quantity'],
    ['a negative quantity', { quantity: -3 }, 'quantity'],
    ['a limit order without a limit price', { orderType: 'limit' }, 'limitPrice'],
    ['a stop order without a stop price', { orderType: 'stop' }, 'stopPrice'],
    ['a market order with a limit price', { limitPrice: '10' }, 'limitPrice'],
    ['a limit order with a stop price', { orderType: 'limit', limitPrice: '10', stopPrice: '9' }, 'stopPrice'],
    ['a limit price of zero', { orderType: 'limit', limitPrice: '0' }, 'limitPrice'],
    ['a price with 7 fraction digits', { orderType: 'limit', limitPrice: '1.0000001' }, 'limitPrice'],
    ['a lower-case symbol', { symbol: 'acme' }, 'symbol'],
    ['a symbol of 11 characters', { symbol: 'ABCDEFGHIJK' }, 'symbol'],
  ])('rejects %s with INVALID_ORDER', (_what, change, field) => {
    given(Portfolio, base, at100).when('PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'market', ...change })
      .thenRejects('INVALID_ORDER', field)
  })

  it('accepts a symbol with a dot', () => {
    given(Portfolio, base, testContext({ quotes: { 'BRK.B': '400' } })).when('PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'BRK.B', side: 'buy', quantity: 1, orderType: 'market' })
      .then([{ type: 'OrderPlaced', data: { symbol: 'BRK.B', estimate: '409.99' } }])
  })

  it('rejects an unknown side with INVALID_COMMAND', () => {
    given(Portfolio, base, at100).when(...order('o1', 'short', 1)).thenRejects('INVALID_COMMAND', 'side')
  })

  it('rejects an order on a closed portfolio with PORTFOLIO_CLOSED', () => {
    given(Portfolio, history(Portfolio, [open, ['ClosePortfolio', { portfolioId: 'p1' }]]), at100).when(...order('o1', 'buy', 1, limit('1'))).thenRejects('PORTFOLIO_CLOSED')
  })

  it('changes nothing when the same order arrives again, and rejects other terms under its id with DUPLICATE_ORDER', () => {
    const placed = history(Portfolio, [open, deposit('5000'), order('o1', 'buy', 10, limit('90'))], at100)
    given(Portfolio, placed, at100).when(...order('o1', 'buy', 10, limit('90.00'))).thenNothing()
    given(Portfolio, placed, at100).when(...order('o1', 'buy', 11, limit('90'))).thenRejects('DUPLICATE_ORDER')
  })
})

describe('ProcessTrade', () => {
  const placedBuy = history(Portfolio, [open, deposit('5000'), order('o1', 'buy', 10)], at100)

  it('books a buy: price × quantity + commission out of cash, the shares in, the reservation released', () => {
    const events = given(Portfolio, placedBuy, at100).when(...fill('o1', '101.25', 10)).then([
      { type: 'FundsDebited', data: { orderId: 'o1', amount: '1022.49', price: '101.25', commission: '9.99', symbol: 'ACME', quantity: 10, side: 'buy' } },
      { type: 'SharesCredited', data: { orderId: 'o1', symbol: 'ACME', quantity: 10 } },
    ])
    expect(state([...placedBuy, ...events])).toMatchObject({ cash: '3977.51', reservedCash: '0.00', holdings: { ACME: { quantity: 10, reserved: 0 } }, lastPrices: { ACME: '101.25' } })
  })

  it('books a sell: price × quantity − commission into cash, the reserved shares out', () => {
    const placedSell = history(Portfolio, [open, deposit('5000'), order('o0', 'buy', 10, limit('100')), fill('o0', '100', 10), order('o1', 'sell', 4)], at100)
    const events = given(Portfolio, placedSell, at100).when(...fill('o1', '110', 4))
      .then([{ type: 'FundsCredited', data: { orderId: 'o1', amount: '430.01', commission: '9.99', side: 'sell' } }])
    expect(state([...placedSell, ...events])).toMatchObject({ cash: '4420.02', holdings: { ACME: { quantity: 6, reserved: 0 } } })
  })

  it('books a sale whose proceeds do not cover the commission as a debit', () => {
    const placedSell = history(Portfolio, [open, deposit('5000'), order('o0', 'buy', 10, limit('100')), fill('o0', '100', 10), order('o1', 'sell', 1)], at100)
    given(Portfolio, placedSell, at100).when(...fill('o1', '5', 1)).then([{ type: 'FundsDebited', data: { orderId: 'o1', amount: '4.99', side: 'sell' } }])
  })

  it('books a fill that costs more than the cash held: the portfolio is overdrawn', () => {
    const tight = history(Portfolio, [open, deposit('1100'), order('o1', 'buy', 10)], at100)
    const events = given(Portfolio, tight, at100).when(...fill('o1', '120', 10)).then([{ type: 'FundsDebited', data: { amount: '1209.99' } }, 'SharesCredited'])
    const after = [...tight, ...events]
    expect(state(after)).toMatchObject({ cash: '-109.99', reservedCash: '0.00' })
    given(Portfolio, after, at100).when('SendFunds', { portfolioId: 'p1', transferId: 't9', amount: '0.01', destination: 'bank' }).thenRejects('INSUFFICIENT_FUNDS')
  })

  it('books a fill once: the same fill again changes nothing', () => {
    const filled = history(Portfolio, [open, deposit('5000'), order('o1', 'buy', 10), fill('o1', '100', 10)], at100)
    given(Portfolio, filled, at100).when(...fill('o1', '100', 10)).thenNothing()
  })

  it('changes nothing for an unknown order or one that already failed', () => {
    given(Portfolio, placedBuy, at100).when(...fill('nope', '100', 10)).thenNothing()
    given(Portfolio, history(Portfolio, [open, deposit('5000'), order('o1', 'buy', 10), fail('o1')], at100), at100).when(...fill('o1', '100', 10)).thenNothing()
  })

  it('rejects a fill of another quantity than ordered with QUANTITY_MISMATCH', () => {
    given(Portfolio, placedBuy, at100).when(...fill('o1', '100', 9)).thenRejects('QUANTITY_MISMATCH')
  })
})

describe('AcknowledgeOrderFailure', () => {
  it('fails a buy and releases its reservation', () => {
    const placed = history(Portfolio, [open, deposit('5000'), order('o1', 'buy', 10)], at100)
    const events = given(Portfolio, placed, at100).when(...fail('o1', 'no_quote')).then([{ type: 'OrderFailed', data: { orderId: 'o1', reason: 'no_quote' } }])
    expect(state([...placed, ...events])).toMatchObject({ reservedCash: '0.00', cash: '5000.00' })
  })

  it('fails a sell and returns the reserved shares', () => {
    const placed = history(Portfolio, [open, deposit('5000'), order('o0', 'buy', 10, limit('100')), fill('o0', '100', 10), order('o1', 'sell', 10)], at100)
    const events = given(Portfolio, placed, at100).when(...fail('o1', 'canceled'))
      .then([{ type: 'OrderFailed', data: { orderId: 'o1', reason: 'canceled' } }, { type: 'SharesCredited', data: { orderId: 'o1', symbol: 'ACME', quantity: 10 } }])
    expect(state([...placed, ...events]).holdings.ACME).toEqual({ quantity: 10, reserved: 0 })
  })

  it('changes nothing for an unknown order or one no longer active', () => {
    given(Portfolio, holding, at100).when(...fail('nope')).thenNothing()
    given(Portfolio, holding, at100).when(...fail('o0')).thenNothing()
  })

  it('rejects an unknown reason with INVALID_COMMAND', () => {
    given(Portfolio, holding, at100).when(...fail('o0', 'bored')).thenRejects('INVALID_COMMAND', 'reason')
  })
})
