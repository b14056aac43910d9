import { beforeEach, describe, it } from 'vitest'
import { trading } from '../../../../domain/trading/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { World } from '../world.ts'

let world: World
const p1 = { portfolioId: 'p1' }
const order = (orderId: string, side: string, quantity: number, terms: Record<string, unknown> = { orderType: 'market' }) =>
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side, quantity, ...terms }, 'Portfolio')

/** 9,000 deposited; 10 ACME bought at 100 and 10 at 120; 5 sold at 130. */
function trade(): void {
  world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
  world.market({ ACME: '100' })
  order('o1', 'buy', 10)
  world.market({ ACME: '120' })
  order('o2', 'buy', 10)
  world.market({ ACME: '130' })
  order('o3', 'sell', 5)
}

beforeEach(() => {
  world = new World()
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice', owner: 'ana' })
})

describe('PortfolioSummary', () => {
  it('answers null for a portfolio that does not exist', () => {
    givenLog(trading, world).whenQuery('PortfolioSummary', { portfolioId: 'nope' }).then(null)
  })

  it('shows a new portfolio with nothing in it', () => {
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).then({
      portfolioId: 'p1', name: 'Practice', owner: 'ana', status: 'open', cash: '0.00', reservedCash: '0.00', availableCash: '0.00',
      loyaltyLevel: 'basic', nextCommission: '9.99', holdings: [], realizedPnl: '0.00', totalValue: '0.00', overdrawn: false,
    })
  })

  it('values holdings at the moving-average cost basis by default', () => {
    trade()
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).then({
      portfolioId: 'p1', name: 'Practice', owner: 'ana', status: 'open', cash: '7420.03', reservedCash: '0.00', availableCash: '7420.03',
      loyaltyLevel: 'basic', nextCommission: '9.99',
      // cost 1,009.99 + 1,209.99 = 2,219.98 for 20; 5 sold take 555.00 (half-even), 1,664.98 left for 15
      holdings: [{ symbol: 'ACME', quantity: 15, reserved: 0, averageCost: '110.998667', price: '130.00', marketValue: '1950.00', unrealizedPnl: '285.02' }],
      realizedPnl: '85.01', totalValue: '9370.03', overdrawn: false,
    })
  })

  it('values holdings first in, first out when the settings say fifo', () => {
    trade()
    // the 5 sold are from the first lot: 505.00 of 1,009.99; 504.99 + 1,209.99 = 1,714.98 left for 15
    givenLog(trading, world, { settings: { costBasis: 'fifo' } }).whenQuery('PortfolioSummary', p1).thenMatches({
      holdings: [{ symbol: 'ACME', quantity: 15, averageCost: '114.332', marketValue: '1950.00', unrealizedPnl: '235.02' }],
      realizedPnl: '135.01', totalValue: '9370.03',
    })
  })

  it('values a holding at its last fill price when the symbol has no quote', () => {
    trade()
    world.market({ ACME: '140' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ holdings: [{ price: '140.00', marketValue: '2100.00' }] })
    delete world.quotes.ACME
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ holdings: [{ price: '130.00', marketValue: '1950.00' }] })
  })

  it('shows cash reserved for open buys and shares reserved for open sells', () => {
    trade()
    order('o4', 'buy', 10, { orderType: 'limit', limitPrice: '50' })
    order('o5', 'sell', 6, { orderType: 'limit', limitPrice: '500' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({
      cash: '7420.03', reservedCash: '509.99', availableCash: '6910.04', holdings: [{ quantity: 15, reserved: 6 }],
    })
  })

  it('drops a holding once every share is sold', () => {
    trade()
    order('o4', 'sell', 15)
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ holdings: [], cash: '9360.04', totalValue: '9360.04', realizedPnl: '360.04' })
  })

  it('shows the loyalty level and the commission the next trade pays', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '60000', source: 'bank' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ loyaltyLevel: 'silver', nextCommission: '7.99' })
  })

  it('says when the portfolio is overdrawn', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '1100', source: 'bank' })
    world.market({ ACME: '100' })
    order('o1', 'buy', 10, { orderType: 'stop', stopPrice: '101' })
    world.market({ ACME: '120' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ cash: '-109.99', overdrawn: true, totalValue: '1090.01' })
  })

  it('shows a closed portfolio as closed', () => {
    world.dispatch('ClosePortfolio', { portfolioId: 'p1' })
    givenLog(trading, world).whenQuery('PortfolioSummary', p1).thenMatches({ status: 'closed' })
  })
})
