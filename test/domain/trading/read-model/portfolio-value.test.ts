import { beforeEach, describe, expect, it } from 'vitest'
import type { DailyPrice, QueryContext } from '../../../../domain/kernel/index.ts'
import { PortfolioValueProjection } from '../../../../domain/trading/read-model/portfolio-value.ts'
import type { ValueSeries } from '../../../../domain/trading/read-model/value-series.ts'
import { World } from '../world.ts'

let world: World
let daily: Record<string, DailyPrice[]>

/** The PortfolioValue query over the world's log, as of a position when given (replay). */
function valueOf(params: Record<string, unknown> = {}, asOf?: number): ValueSeries {
  const events = world.envelopes.filter((e) => asOf === undefined || e.position <= asOf)
  const state = events.filter((e) => PortfolioValueProjection.on.includes(e.type)).reduce((s, e) => PortfolioValueProjection.apply(s, e), PortfolioValueProjection.init())
  const context: QueryContext = {
    now: world.now,
    settings: world.settings,
    quote: (symbol) => (world.quotes[symbol] === undefined ? undefined : { symbol, price: world.quotes[symbol], at: world.now }),
    readStream: () => [],
    dailyPrices: (symbol) => daily[symbol] ?? [],
    ...(asOf === undefined ? {} : { asOf: { position: asOf, at: events.at(-1)!.at } }),
  }
  const query = PortfolioValueProjection.queries.PortfolioValue
  return query.run(state, query.params!.parse({ portfolioId: 'p1', ...params }), context) as ValueSeries
}

const bar = (date: string, close: string): DailyPrice => ({ date, at: `${date}T00:00:00.000Z`, open: close, high: close, low: close, close, source: 'bar' })
const close = (at: string, price: string): DailyPrice => ({ date: at.slice(0, 10), at, close: price, source: 'close' })
const order = (orderId: string, side: string, quantity: number) =>
  world.dispatch('PlaceOrder', { portfolioId: 'p1', orderId, symbol: 'ACME', side, quantity, orderType: 'market' }, 'Portfolio')
const brief = (s: ValueSeries) => s.points.map((p) => [p.at.slice(0, 16), p.value, p.realizedPnl, p.unrealizedPnl, p.transfer?.kind ?? ''])

beforeEach(() => {
  world = new World()
  daily = {}
  world.dispatch('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' })
})

/** 9,000 in on Monday (the commission stays 9.99); 10 ACME bought at 100; a bar on Tuesday (110), a close on Wednesday (120); 5 sold at 130 on Thursday; 1,000 out. */
function week(): void {
  world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
  world.market({ ACME: '100' })
  order('o1', 'buy', 10)
  daily.ACME = [bar('2027-01-04', '100'), bar('2027-01-05', '110'), close('2027-01-06T16:59:50.000Z', '120')]
  world.now = '2027-01-07T10:00:00.000Z'
  world.market({ ACME: '130' })
  order('o2', 'sell', 5)
  world.now = '2027-01-07T11:00:00.000Z'
  world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't2', amount: '1000', destination: 'bank' }, 'Portfolio')
}

describe('PortfolioValue: the value over time', () => {
  it('answers null for a portfolio that does not exist', () => {
    const query = PortfolioValueProjection.queries.PortfolioValue
    expect(query.run(PortfolioValueProjection.init(), { portfolioId: 'nope' }, { now: world.now, settings: {}, quote: () => undefined, readStream: () => [] })).toBeNull()
  })

  it('starts at zero when the portfolio opens and marks a deposit', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '10000', source: 'bank' })
    const series = valueOf()
    expect(brief(series)).toEqual([
      ['2027-01-04T09:00', '0.00', '0.00', '0.00', ''],
      ['2027-01-04T09:00', '10000.00', '0.00', '0.00', 'deposit'],
    ])
    expect(series.points[1].transfer).toEqual({ kind: 'deposit', amount: '10000.00' })
    expect(series).toMatchObject({ netDeposits: '10000.00', gain: '0.00' })
  })

  it('values the holdings at the fills, the imported bars and the daily closes, with realized P&L from a sale and a withdrawal marked', () => {
    week()
    const series = valueOf()
    expect(brief(series)).toEqual([
      ['2027-01-04T09:00', '0.00', '0.00', '0.00', ''],
      ['2027-01-04T09:00', '9000.00', '0.00', '0.00', 'deposit'],
      // the buy: 1,009.99 out (commission 9.99), 10 shares worth 1,000.00
      ['2027-01-04T09:00', '8990.01', '0.00', '-9.99', ''],
      // Tuesday's bar: 110
      ['2027-01-05T00:00', '9090.01', '0.00', '90.01', ''],
      // Wednesday's close: 120
      ['2027-01-06T16:59', '9190.01', '0.00', '190.01', ''],
      // 5 sold at 130 (650.00 less 9.99): realized 640.01 - 505.00; 5 left worth 650.00 against 504.99 cost
      ['2027-01-07T10:00', '9280.02', '135.01', '145.01', ''],
      ['2027-01-07T11:00', '8280.02', '135.01', '145.01', 'withdrawal'],
    ])
    expect(series).toMatchObject({ costBasis: 'average', netDeposits: '8000.00', gain: '280.02' })
    expect(series.points.at(-1)).toMatchObject({ cash: '7630.02', holdings: '650.00' })
  })

  it('ends at the current quote, as the summary values the holdings', () => {
    week()
    world.quotes.ACME = '140'
    world.now = '2027-01-07T12:00:00.000Z'
    expect(brief(valueOf()).at(-1)).toEqual(['2027-01-07T12:00', '8330.02', '135.01', '195.01', ''])
  })

  it('measures P&L at first in, first out when the workspace says so', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
    world.market({ ACME: '100' })
    order('o1', 'buy', 10)
    world.market({ ACME: '120' })
    order('o2', 'buy', 10)
    world.market({ ACME: '130' })
    order('o3', 'sell', 10)
    world.settings = { costBasis: 'fifo' }
    // FIFO: the sold 10 cost 1,009.99 → 1,300 - 9.99 - 1,009.99; average: they cost 1,109.99
    expect(valueOf().points.at(-1)).toMatchObject({ realizedPnl: '280.02', unrealizedPnl: '90.01' })
    world.settings = {}
    expect(valueOf().points.at(-1)).toMatchObject({ realizedPnl: '180.02', unrealizedPnl: '190.01' })
  })

  it('marks the refund of a bounced withdrawal', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', source: 'bank' })
    world.settings = { wire: 'manual' }
    world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't2', amount: '700', destination: 'bank-2' }, 'Portfolio')
    world.dispatch('RejectTransfer', { transferId: 't2', reason: 'account closed' })
    const series = valueOf()
    expect(series.points.filter((p) => p.transfer).map((p) => [p.transfer!.kind, p.transfer!.amount, p.value])).toEqual([
      ['deposit', '5000.00', '5000.00'], ['withdrawal', '700.00', '4300.00'], ['refund', '700.00', '5000.00'],
    ])
    expect(series.netDeposits).toBe('5000.00')
  })

  it('as of a past position ends there: no later prices, no current quote', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
    world.market({ ACME: '100' })
    const bought = order('o1', 'buy', 10) as Array<{ position: number }>
    daily.ACME = [bar('2027-01-05', '110'), close('2027-01-06T16:59:50.000Z', '120')]
    world.now = '2027-01-05T12:00:00.000Z'
    world.dispatch('SendFunds', { portfolioId: 'p1', transferId: 't2', amount: '1000', destination: 'bank' }, 'Portfolio')
    world.quotes.ACME = '999'
    world.now = '2027-01-09T12:00:00.000Z'
    const asOf = bought.at(-1)!.position
    expect(brief(valueOf({}, asOf)).map((p) => p[1])).toEqual(['0.00', '9000.00', '8990.01'])
    const later = world.envelopes.at(-1)!.position
    // as of the withdrawal (Tuesday noon): Tuesday's bar counts, Wednesday's close and the quote of 999 do not
    expect(brief(valueOf({}, later)).map((p) => p[1])).toEqual(['0.00', '9000.00', '8990.01', '9090.01', '8090.01'])
  })

  it('thins a long series to about maxPoints, keeping the first, the last and every transfer', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '100000', source: 'bank' })
    daily.ACME = []
    for (let day = 1; day <= 28; day++) daily.ACME.push(close(`2027-02-${String(day).padStart(2, '0')}T16:00:00.000Z`, String(100 + day)))
    world.market({ ACME: '100' })
    order('o1', 'buy', 10)
    world.now = '2027-03-01T09:00:00.000Z'
    world.dispatch('RequestFunds', { transferId: 't2', portfolioId: 'p1', amount: '50', source: 'bank' })
    const full = valueOf({ maxPoints: 1000 })
    const thin = valueOf({ maxPoints: 5 })
    expect(full.moments).toBe(thin.moments)
    expect(full.points).toHaveLength(full.moments)
    expect(thin.points.length).toBeLessThanOrEqual(8)
    expect(thin.points[0]).toEqual(full.points[0])
    expect(thin.points.at(-1)).toEqual(full.points.at(-1))
    expect(thin.points.filter((p) => p.transfer).map((p) => p.transfer!.amount)).toEqual(['100000.00', '50.00'])
  })

  it('refuses a maxPoints below 2 naming the field', () => {
    const result = PortfolioValueProjection.queries.PortfolioValue.params!.safeParse({ portfolioId: 'p1', maxPoints: 1 })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0].path).toEqual(['maxPoints'])
  })
})

describe('PortfolioValue: its money text', () => {
  it('writes every amount as the kernel\'s money does (half-even to cents, no "-0.00")', () => {
    world.dispatch('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '9000', source: 'bank' })
    world.market({ ACME: '100' })
    order('o1', 'buy', 3)
    daily.ACME = [close('2027-01-05T16:00:00.000Z', '100.001665'), close('2027-01-06T16:00:00.000Z', '103.328334')]
    world.now = '2027-01-07T09:00:00.000Z'
    const [, , bought, moved, back] = valueOf().points
    expect(bought).toMatchObject({ holdings: '300.00', unrealizedPnl: '-9.99' })
    // 3 × 100.001665 = 300.004995 → 300.00 (half-even), never 300.01
    expect(moved).toMatchObject({ holdings: '300.00', value: '8990.01' })
    // 3 × 103.328334 = 309.985002: worth 309.99, against a cost of 309.99 it is -0.004998 → 0.00
    expect(back).toMatchObject({ holdings: '309.99', unrealizedPnl: '0.00' })
  })
})
