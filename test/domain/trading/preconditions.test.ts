import { describe, expect, it } from 'vitest'
import { trading, tradingPreconditions } from '../../../domain/trading/index.ts'
import { givenWorld } from '../../support/gwt.ts'
import { World } from './world.ts'

describe('tradingPreconditions', () => {
  it('asks that the portfolio of a deposit exists and is open, in that order', () => {
    const [exists, open] = tradingPreconditions('RequestFunds', 'WireTransfer', { transferId: 't1', portfolioId: 'p1', amount: '10', source: 'bank' })
    expect(exists).toMatchObject({ aggregate: 'Portfolio', stream: 'Portfolio-p1', check: 'exists', code: 'UNKNOWN_PORTFOLIO', message: 'no portfolio p1' })
    expect(open).toMatchObject({ aggregate: 'Portfolio', stream: 'Portfolio-p1', check: 'open', code: 'PORTFOLIO_CLOSED', message: 'portfolio p1 is closed' })
    expect([exists.holds(null, 0), exists.holds({ status: 'open' }, 1)]).toEqual([false, true])
    expect([open.holds({ status: 'open' }, 1), open.holds({ status: 'closed' }, 2), open.holds(null, 0)]).toEqual([true, false, false])
  })

  it('is the context\'s preconditions, as the engine reads them', () => {
    expect(trading.preconditions).toBe(tradingPreconditions)
  })

  it('asks nothing of other commands', () => {
    expect(tradingPreconditions('SendFunds', 'WireTransfer', { transferId: 't1', portfolioId: 'p1' })).toEqual([])
    expect(tradingPreconditions('SendFunds', 'Portfolio', { transferId: 't1', portfolioId: 'p1' })).toEqual([])
    expect(tradingPreconditions('PlaceOrder', 'Portfolio', { portfolioId: 'p1' })).toEqual([])
  })

  it('rejects a deposit into a missing portfolio with UNKNOWN_PORTFOLIO and into a closed one with PORTFOLIO_CLOSED', () => {
    const world = new World()
    const request = { transferId: 't1', portfolioId: 'p1', amount: '10', source: 'bank' }
    givenWorld(world).when('RequestFunds', request).thenRejects('UNKNOWN_PORTFOLIO')
    world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'P' })
    world.dispatch('ClosePortfolio', { portfolioId: 'p1' })
    givenWorld(world).when('RequestFunds', request).thenRejects('PORTFOLIO_CLOSED')
  })
})
