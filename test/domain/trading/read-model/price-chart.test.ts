import { describe, expect, it } from 'vitest'
import type { DailyPrice, QueryContext } from '../../../../domain/kernel/index.ts'
import { PortfolioValueProjection } from '../../../../domain/trading/read-model/portfolio-value.ts'
import type { PriceHistoryAnswer } from '../../../../domain/trading/read-model/price-chart.ts'
import { World } from '../world.ts'

const bar = (date: string, open: string, high: string, low: string, close: string): DailyPrice => ({ date, at: `${date}T00:00:00.000Z`, open, high, low, close, source: 'bar' })

/** A world where p1 bought 10 ACME at 100 on Monday and sold 4 at 112 on Wednesday. */
function traded(): World {
  const world = new World()
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' })
  world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', source: 'bank' })
  world.market({ ACME: '100' })
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market' }, 'Portfolio')
  world.now = '2027-01-06T15:00:00.000Z'
  world.market({ ACME: '112' })
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId: 'o2', symbol: 'ACME', side: 'sell', quantity: 4, orderType: 'market' }, 'Portfolio')
  world.now = '2027-01-07T09:00:00.000Z'
  world.quotes.ACME = '113.5'
  return world
}

function priceHistory(world: World, params: Record<string, unknown>, daily: DailyPrice[], asOf?: number): PriceHistoryAnswer {
  const events = world.envelopes.filter((e) => asOf === undefined || e.position <= asOf)
  const state = events.filter((e) => PortfolioValueProjection.on.includes(e.type)).reduce((s, e) => PortfolioValueProjection.apply(s, e), PortfolioValueProjection.init())
  const context: QueryContext = {
    now: world.now, settings: {}, readStream: () => [], dailyPrices: () => daily,
    quote: (symbol) => (world.quotes[symbol] === undefined ? undefined : { symbol, price: world.quotes[symbol], at: world.now }),
    ...(asOf === undefined ? {} : { asOf: { position: asOf, at: events.at(-1)!.at } }),
  }
  const query = PortfolioValueProjection.queries.PriceHistory
  return query.run(state, query.params!.parse(params), context) as PriceHistoryAnswer
}

describe('PriceHistory: a symbol\'s chart', () => {
  const bars = [bar('2027-01-04', '99', '101', '98', '100'), bar('2027-01-05', '100', '111', '100', '110'), bar('2027-01-08', '113', '115', '112', '114')]

  it('answers the imported bars up to now as candles, and the portfolio\'s fills as buy and sell markers', () => {
    const answer = priceHistory(traded(), { symbol: 'ACME', portfolioId: 'p1' }, bars)
    expect(answer.candles.map((c) => [c.date, c.open, c.high, c.low, c.close])).toEqual([['2027-01-04', '99', '101', '98', '100'], ['2027-01-05', '100', '111', '100', '110']])
    expect(answer.fills).toEqual([
      { at: '2027-01-04T09:00:00.000Z', side: 'buy', quantity: 10, price: '100.00' },
      { at: '2027-01-06T15:00:00.000Z', side: 'sell', quantity: 4, price: '112.00' },
    ])
    expect(answer.line.map((p) => [p.at.slice(0, 13), p.price])).toEqual([
      ['2027-01-04T00', '100'], ['2027-01-04T09', '100.00'], ['2027-01-05T00', '110'], ['2027-01-06T15', '112.00'], ['2027-01-07T09', '113.5'],
    ])
  })

  it('without a portfolio has no fills; without bars it is a line of closes, fills and the quote', () => {
    const world = traded()
    expect(priceHistory(world, { symbol: 'ACME' }, bars).fills).toEqual([])
    const line = priceHistory(world, { symbol: 'ACME', portfolioId: 'p1' }, [{ date: '2027-01-05', at: '2027-01-05T16:59:00.000Z', close: '104.2', source: 'close' }])
    expect(line.candles).toEqual([])
    expect(line.line.map((p) => p.price)).toEqual(['100.00', '104.2', '112.00', '113.5'])
  })

  it('as of a past position stops at that moment: no later bar, fill or quote', () => {
    const world = traded()
    const bought = world.envelopes.find((e) => e.type === 'FundsDebited' && (e.data as { orderId?: string }).orderId === 'o1')!
    const answer = priceHistory(world, { symbol: 'ACME', portfolioId: 'p1' }, bars, bought.position)
    expect(answer.candles.map((c) => c.date)).toEqual(['2027-01-04'])
    expect(answer.fills.map((f) => f.side)).toEqual(['buy'])
    expect(answer.line.map((p) => p.price)).toEqual(['100', '100.00'])
  })

  it('refuses a symbol that is not a ticker, naming the field', () => {
    const result = PortfolioValueProjection.queries.PriceHistory.params!.safeParse({ symbol: 'acme corp' })
    expect(result.error?.issues[0].path).toEqual(['symbol'])
  })
})
