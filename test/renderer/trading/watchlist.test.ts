import { beforeEach, describe, expect, it } from 'vitest'
import { SimulatedMarket } from '../../../main/app/market.ts'
import { dayChange, useWatchList } from '../../../renderer/trading/watchlist.ts'

beforeEach(() => {
  useWatchList.setState({ symbols: [] })
})

describe('the watch list', () => {
  it('adds a symbol once, in upper case, refuses what is not a ticker symbol, and removes one', () => {
    const list = () => useWatchList.getState()
    expect(list().add(' acme ')).toBe(true)
    expect(list().add('ACME')).toBe(true)
    expect(list().add('bolt')).toBe(true)
    expect(list().add('not a symbol')).toBe(false)
    expect(list().symbols).toEqual(['ACME', 'BOLT'])
    list().remove('ACME')
    expect(list().symbols).toEqual(['BOLT'])
  })

  it('tells the change since the day\'s open in money and percent, without floats', () => {
    expect(dayChange('101.25', '100.00')).toEqual({ change: '1.25', percent: '1.25' })
    expect(dayChange('99.48', '100')).toEqual({ change: '-0.52', percent: '-0.52' })
    expect(dayChange('10', undefined)).toBeNull()
  })
})

describe('the simulated market\'s open of the day', () => {
  it('is the price before the day\'s first change, and starts again the next day; every change is pushed with it', () => {
    const market = new SimulatedMarket({ seed: 1 })
    const heard: unknown[] = []
    const off = market.onQuotes((quotes) => heard.push(quotes))
    market.set({ ACME: '100' }, '2027-01-04T09:00:00.000Z')
    market.set({ ACME: '103' }, '2027-01-04T12:00:00.000Z')
    expect(market.quotesWithOpen()).toEqual([{ symbol: 'ACME', price: '103.00', at: '2027-01-04T12:00:00.000Z', open: '100.00' }])
    market.set({ ACME: '104' }, '2027-01-05T09:00:00.000Z')
    expect(market.quotesWithOpen()[0].open).toBe('103.00')
    market.tick('2027-01-05T09:00:10.000Z')
    expect(heard).toHaveLength(4)
    off()
    market.set({ ACME: '1' }, '2027-01-05T10:00:00.000Z')
    expect(heard).toHaveLength(4)
  })
})
