import { describe, expect, it } from 'vitest'
import type { PortfolioSummary } from '../../../domain/trading/read-model/portfolio-summary.ts'
import { closePositionTicket, closeRefusal } from '../../../renderer/trading/close.ts'

const summary = { cash: '1234.5', holdings: [{ symbol: 'ACME', quantity: 10, reserved: 0 }, { symbol: 'BOLT', quantity: 5, reserved: 2 }] } as unknown as PortfolioSummary

describe('closing a portfolio that is not empty', () => {
  it('says in words what is left (cash formatted, shares held, open orders) and what to do first', () => {
    const error = { code: 'PORTFOLIO_NOT_EMPTY', message: 'portfolio p1 still holds cash 1234.50, 2 holdings and 1 active orders', details: { cash: '1234.50', holdings: ['ACME', 'BOLT'], activeOrders: 1 } }
    expect(closeRefusal(error, 'Practice', summary)).toEqual({
      ...error,
      message: 'Practice cannot be closed: it still holds cash $1,234.50, 10 ACME and 5 BOLT and 1 open order. First withdraw the cash, sell the holdings and cancel the order.',
    })
  })

  it('names only what is left: two open orders and no cash', () => {
    const error = { code: 'PORTFOLIO_NOT_EMPTY', message: '…', details: { cash: '0.00', holdings: [], activeOrders: 2 } }
    expect(closeRefusal(error, 'Swing', null).message).toBe('Swing cannot be closed: it still holds 2 open orders. First cancel the orders.')
  })

  it('passes any other refusal unchanged', () => {
    const error = { code: 'PORTFOLIO_CLOSED', message: 'closed' }
    expect(closeRefusal(error, 'Practice', summary)).toBe(error)
  })
})

describe('closing a position', () => {
  it('fills a market sell of every share not already reserved for a sell', () => {
    expect(closePositionTicket({ symbol: 'BOLT', quantity: 5, reserved: 2 })).toEqual({ symbol: 'BOLT', side: 'sell', quantity: '3', orderType: 'market', price: '', timeInForce: 'day' })
  })
})
