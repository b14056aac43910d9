import { describe, expect, it } from 'vitest'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { checkPrice, checkSymbol, isPrice, isSymbol } from '../../../domain/trading/symbols-and-prices.ts'
import { given } from '../../support/gwt.ts'

describe('a ticker symbol', () => {
  it('is an upper-case letter, then up to 9 upper-case letters, digits or dots', () => {
    expect(['ACME', 'BRK.B', 'A', 'X1', 'ABCDEFGHIJ'].map(isSymbol)).toEqual([true, true, true, true, true])
    expect(['9ABC', '.X', 'acme', 'AC ME', '', 'ABCDEFGHIJK', 42].map(isSymbol)).toEqual([false, false, false, false, false, false, false])
  })

  it('is refused with INVALID_SYMBOL naming the field', () => {
    expect(checkSymbol('ACME', 'market.ACME')).toBeUndefined()
    expect(checkSymbol('9ABC', 'symbol')).toMatchObject({ code: 'INVALID_SYMBOL', message: expect.stringContaining('symbol: "9ABC"'), details: { field: 'symbol' } })
  })
})

describe('a price', () => {
  it('is decimal text above 0 with at most 6 fraction digits', () => {
    expect(['101.25', '0.000001', '7', '1000000.5'].map(isPrice)).toEqual([true, true, true, true])
    expect(['0.0000001', '0', '0.000000', '-1', '1e3', '1.', '', ' 1', 5].map(isPrice)).toEqual([false, false, false, false, false, false, false, false, false])
  })

  it('is refused with INVALID_PRICE naming the field', () => {
    expect(checkPrice('1', 'market.ACME')).toBeUndefined()
    expect(checkPrice('0.0000001', 'market.ACME')).toMatchObject({ code: 'INVALID_PRICE', details: { field: 'market.ACME' } })
  })
})

describe('an order', () => {
  const opened = { type: 'PortfolioOpened', data: { portfolioId: 'p1', name: 'P', owner: null, loyaltyLevel: 'basic' } }
  const order = (terms: Record<string, unknown>) => ({ portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'sell', quantity: 1, orderType: 'limit', limitPrice: '10', ...terms })

  it('follows the same rule: a digit-first symbol or a price past 6 decimals is INVALID_ORDER naming the field', () => {
    given(Portfolio, [opened]).when('PlaceOrder', order({ symbol: '9ABC' })).thenRejects('INVALID_ORDER', 'symbol')
    given(Portfolio, [opened]).when('PlaceOrder', order({ limitPrice: '0.0000001' })).thenRejects('INVALID_ORDER', 'limitPrice')
  })
})
