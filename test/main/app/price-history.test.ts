import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { SimulatedMarket } from '../../../main/app/market.ts'
import { importHistory } from '../../../main/app/market-files.ts'
import { closesFile, PriceHistory } from '../../../main/app/price-history.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { tempDir } from '../../support/workspace.ts'

const BARS = 'date,open,high,low,close,volume\n2027-01-04,99,101,98,100,1000\n2027-01-05,100,111,100,110,1200\n'

describe('the daily-close keeper', () => {
  it('keeps the last quote of each day per symbol, and writes only when the clock\'s day changes', () => {
    const dir = tempDir()
    const clock = new SimulatedClock('2027-01-04T09:00:00Z')
    const market = new SimulatedMarket({ seed: 3 })
    const history = new PriceHistory(dir)
    const stop = history.keep(market, () => clock.now())
    market.set({ ACME: '100', BOLT: '20' }, clock.now())
    clock.advance('PT6H')
    market.set({ ACME: '101.5' }, clock.now())
    expect(existsSync(closesFile(dir))).toBe(false)
    clock.advance('PT18H')
    market.set({ ACME: '99' }, clock.now())
    const saved = JSON.parse(readFileSync(closesFile(dir), 'utf8'))
    expect(saved).toEqual({
      ACME: [['2027-01-04', '101.50', '2027-01-04T15:00:00.000Z']],
      BOLT: [['2027-01-04', '20.00', '2027-01-04T09:00:00.000Z']],
    })
    const written = statSync(closesFile(dir)).mtimeMs
    for (let i = 0; i < 20; i++) market.tick(clock.now())
    expect(statSync(closesFile(dir)).mtimeMs).toBe(written)
    stop()
    expect(JSON.parse(readFileSync(closesFile(dir), 'utf8')).ACME.map((e: string[]) => e[0])).toEqual(['2027-01-04', '2027-01-05'])
    expect(existsSync(closesFile(dir) + '.tmp')).toBe(false)
  })

  it('answers the closes after reopening, merged with the imported bars (a bar wins its day)', () => {
    const dir = tempDir()
    const clock = new SimulatedClock('2027-01-05T16:00:00Z')
    const market = new SimulatedMarket({ seed: 3 })
    const first = new PriceHistory(dir)
    const stop = first.keep(market, () => clock.now())
    market.set({ ACME: '108' }, clock.now())
    clock.advance('P1D')
    market.set({ ACME: '112.25' }, clock.now())
    stop()
    importHistory(dir, { csv: BARS, symbol: 'ACME' }, 'held')
    const prices = new PriceHistory(dir).daily('ACME')
    expect(prices.map((p) => [p.date, p.source, p.close])).toEqual([
      ['2027-01-04', 'bar', '100.00'], ['2027-01-05', 'bar', '110.00'], ['2027-01-06', 'close', '112.25'],
    ])
    expect(prices[0]).toMatchObject({ at: '2027-01-04T00:00:00.000Z', open: '99.00', high: '101.00', low: '98.00' })
  })

  it('reads a history imported while open, and passes over a hand-broken closes file', () => {
    const dir = tempDir()
    const history = new PriceHistory(dir)
    expect(history.daily('ACME')).toEqual([])
    importHistory(dir, { csv: BARS, symbol: 'ACME' }, 'held')
    expect(history.daily('ACME')).toHaveLength(2)
    writeFileSync(closesFile(dir), '{"ACME": [["2027-01-06", "not a price", "x"], ["2027-01-07", "101", "2027-01-07T16:00:00.000Z"]], "bad symbol": []')
    expect(new PriceHistory(dir).daily('ACME').map((p) => p.date)).toEqual(['2027-01-04', '2027-01-05'])
    writeFileSync(closesFile(dir), '{"ACME": [["2027-01-06", "not a price", "x"], ["2027-01-07", "101", "2027-01-07T16:00:00.000Z"]], "bad symbol": []}')
    expect(new PriceHistory(dir).daily('ACME').map((p) => p.date)).toEqual(['2027-01-04', '2027-01-05', '2027-01-07'])
  })

  it('writes nothing for a read-only workspace', () => {
    const dir = tempDir()
    const history = new PriceHistory(dir, { readOnly: true })
    history.hear([{ symbol: 'ACME', price: '100.00', at: '2027-01-04T09:00:00.000Z' }], '2027-01-04T09:00:00.000Z')
    history.hear([{ symbol: 'ACME', price: '101.00', at: '2027-01-05T09:00:00.000Z' }], '2027-01-05T09:00:00.000Z')
    history.flush()
    expect(existsSync(closesFile(dir))).toBe(false)
    expect(history.daily('ACME').map((p) => p.close)).toEqual(['100.00', '101.00'])
  })
})

describe('the value over time in a workspace', () => {
  it('values a holding at the imported bars and at the closes the market kept, and keeps them across a reopen', async () => {
    const dir = tempDir()
    importHistory(dir, { csv: 'date,open,high,low,close,volume\n2027-01-05,20,26,20,25,10\n', symbol: 'BOLT' }, 'held')
    const clock = new SimulatedClock('2027-01-04T09:00:00Z')
    let ws = await openWorkspace(dir, { contexts, clock })
    await ws.engine.market({ ACME: '100' })
    await ws.engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    await ws.engine.dispatch({ command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '5000', source: 'bank' } })
    await ws.engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId: 'o', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market' } })
    clock.advance('PT7H')
    await ws.engine.market({ ACME: '104' })
    clock.advance('PT17H')
    await ws.engine.market({ ACME: '106' })
    await ws.close()
    clock.advance('P1D')
    ws = await openWorkspace(dir, { contexts, clock })
    const series = ws.engine.query('PortfolioValue', { portfolioId: 'p' })
    expect(series.ok && (series.value as { points: Array<{ at: string; value: string }> }).points.map((p) => [p.at.slice(0, 13), p.value])).toEqual([
      ['2027-01-04T09', '0.00'], ['2027-01-04T09', '5000.00'], ['2027-01-04T09', '4990.01'],
      // Monday's close (104), Tuesday's close (106, written on close), now at the quote the reopened market lacks: the last known price
      ['2027-01-04T16', '5030.01'], ['2027-01-05T09', '5050.01'], ['2027-01-06T09', '5050.01'],
    ])
    const bolt = ws.engine.query('PriceHistory', { symbol: 'BOLT' })
    expect(bolt).toMatchObject({ ok: true, value: { candles: [{ date: '2027-01-05', close: '25.00' }] } })
    await ws.close()
  })
})
