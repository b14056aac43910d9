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

  it('asks that a refund follows the wire system\'s SenderRefunded of that transfer, to that portfolio', () => {
    const [refunded] = tradingPreconditions('AcceptRefund', 'Portfolio', { portfolioId: 'p1', transferId: 't-out', amount: '700' })
    expect(refunded).toMatchObject({ aggregate: 'WireTransfer', stream: 'WireTransfer-t-out', check: 'refunded', code: 'TRANSFER_NOT_REFUNDED' })
    expect([
      refunded.holds({ portfolioId: 'p1', status: 'refunded' }, 4),
      refunded.holds({ portfolioId: 'p1', status: 'confirmed' }, 2),
      refunded.holds({ portfolioId: 'p1', status: 'rejected' }, 2),
      refunded.holds({ portfolioId: 'p2', status: 'refunded' }, 4),
      refunded.holds(null, 0),
    ]).toEqual([true, false, false, false, false])
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

describe('AcceptRefund, even from a policy', () => {
  const withdraw = (world: World, transferId: string) =>
    world.dispatch('SendFunds', { portfolioId: 'p1', transferId, amount: '700', destination: 'bank-2' }, 'Portfolio')
  function book(): World {
    const world = new World()
    world.settings = { wire: 'manual' }
    world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'P' })
    world.dispatch('RequestFunds', { transferId: 't-in', portfolioId: 'p1', amount: '5000', source: 'bank' })
    world.dispatch('ConfirmTransfer', { transferId: 't-in' })
    return world
  }

  it('is refused TRANSFER_NOT_REFUNDED for a withdrawal the wire system confirmed: no cash from nowhere', () => {
    const world = book()
    withdraw(world, 't-out')
    world.dispatch('ConfirmTransfer', { transferId: 't-out' })
    givenWorld({ dispatch: (c, d, a) => world.issueAs('RefundOnRejection', c, d, a), market: () => [], advance: () => [] })
      .when('AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '700' }, 'Portfolio').thenRejects('TRANSFER_NOT_REFUNDED')
  })

  it('is refused TRANSFER_NOT_REFUNDED for a deposit and for a transfer never sent', () => {
    const world = book()
    expect(world.issueAs('RefundOnRejection', 'AcceptRefund', { portfolioId: 'p1', transferId: 't-in', amount: '1' }, 'Portfolio')).toMatchObject({ code: 'TRANSFER_NOT_REFUNDED' })
    expect(world.issueAs('RefundOnRejection', 'AcceptRefund', { portfolioId: 'p1', transferId: 'nowhere', amount: '1' }, 'Portfolio')).toMatchObject({ code: 'TRANSFER_NOT_REFUNDED' })
  })

  it('is accepted after SenderRefunded (the policy\'s path), and a second time changes nothing', () => {
    const world = book()
    withdraw(world, 't-out')
    givenWorld(world).when('RejectTransfer', { transferId: 't-out', reason: 'account closed' }).then(['TransferRejected', 'SenderRefunded', 'RefundAccepted'])
    expect(world.issueAs('RefundOnRejection', 'AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '700' }, 'Portfolio')).toEqual([])
  })
})
