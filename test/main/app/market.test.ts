import { describe, expect, it } from 'vitest'
import { codedError, validateCommand } from '../../../domain/kernel/index.ts'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { parseDailyBars, readDailyBars, SimulatedMarket } from '../../../main/app/market.ts'
import { ManualQuotes } from '../../../main/app/quotes.ts'

const csv = `Date,Open,High,Low,Close,Volume
2027-01-04,100,105,99,104.5,120000
2027-01-05,104.5,106,101,102,98000
2027-01-07,102,103,95.25,96,150000
`

describe('the simulated market', () => {
  it('walks the same way from the same seed, and differently from another', () => {
    const walk = (seed: number) => {
      const m = new SimulatedMarket({ seed })
      m.set({ ACME: '100', GLOBEX: '20' }, '2027-01-04T09:00:00.000Z')
      const prices: string[] = []
      for (let i = 0; i < 50; i++) {
        m.tick(`2027-01-04T09:${String(i).padStart(2, '0')}:00.000Z`)
        prices.push(m.get('ACME')!.price, m.get('GLOBEX')!.price)
      }
      return prices
    }
    expect(walk(7)).toEqual(walk(7))
    expect(walk(7)).not.toEqual(walk(8))
    const moves = walk(7).filter((p, i, all) => i >= 2 && p !== all[i - 2])
    expect(moves.length).toBeGreaterThan(30)
    for (const p of walk(7)) expect(p).toMatch(/^\d+\.\d{2}$/)
  })

  it('imports a vendor CSV of daily bars and replays it by date', () => {
    const m = new SimulatedMarket({ seed: 1 })
    expect(m.importBars('ACME', csv)).toEqual({ symbol: 'ACME', bars: 3, from: '2027-01-04', to: '2027-01-07' })
    expect(m.replay('2027-01-03T20:00:00.000Z')).toEqual([])
    expect(m.replay('2027-01-04T20:00:00.000Z')).toEqual(['ACME'])
    expect(m.get('ACME')!.price).toBe('104.50')
    m.replay('2027-01-06T20:00:00.000Z')
    expect(m.get('ACME')!.price).toBe('102.00')
    m.replay('2027-02-01T20:00:00.000Z')
    expect(m.get('ACME')!.price).toBe('96.00')
    m.tick('2027-02-01T20:01:00.000Z')
    expect(m.get('ACME')!.price).toBe('96.00')
  })

  it('refuses a malformed CSV with the line and column, importing nothing', () => {
    const bad: Array<[string, number, string]> = [
      ['date,open,high,low,close\n2027-01-04,1,1,1,1\n', 1, 'volume'],
      ['date,open,high,low,close,volume\n2027-13-04,1,1,1,1,5\n', 2, 'date'],
      ['date,open,high,low,close,volume\n2027-01-04,1,1,1,1,5\n2027-01-05,abc,1,1,1,5\n', 3, 'open'],
      ['date,open,high,low,close,volume\n2027-01-04,1,2,3,2,5\n', 2, 'high'],
      ['date,open,high,low,close,volume\n2027-01-04,1,2,1,9,5\n', 2, 'close'],
      ['date,open,high,low,close,volume\n2027-01-05,1,1,1,1,5\n2027-01-04,1,1,1,1,5\n', 3, 'date'],
      ['date,open,high,low,close,volume\n2027-01-04,1,1,1,1,5.5\n', 2, 'volume'],
      ['date,open,high,low,close,volume\n', 2, 'date'],
    ]
    for (const [text, line, column] of bad) {
      expect(() => parseDailyBars(text), `${line}:${column}`).toThrow(expect.objectContaining({ code: 'CSV_INVALID', details: expect.objectContaining({ line, column }) }))
    }
    const m = new SimulatedMarket({ seed: 1 })
    expect(() => m.importBars('ACME', bad[2][0])).toThrow()
    expect(m.replay('2027-01-05T20:00:00.000Z')).toEqual([])
  })
})

describe('the engine with a simulated market', () => {
  it('fills a waiting limit order when the imported history reaches its price', async () => {
    const { memoryEngine } = await import('../../../main/app/workspace.ts')
    const { SimulatedClock } = await import('../../../main/app/clock.ts')
    const { contexts } = await import('../../../main/app/contexts.ts')
    const clock = new SimulatedClock('2027-01-04T15:00:00Z')
    const market = new SimulatedMarket({ seed: 3 })
    market.importBars('ACME', csv)
    const engine = memoryEngine(contexts, clock, market)
    await engine.marketTick()
    await engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    await engine.dispatch({ command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '5000', source: 'bank' } })
    const placed = await engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId: 'o', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '97', timeInForce: 'gtc' } })
    expect(placed.ok && placed.events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderReceived'])
    clock.advance('P3D')
    const moved = await engine.marketTick()
    expect(moved.ok && moved.events.map((e) => e.type)).toEqual(['OrderFulfilled', 'FundsDebited', 'SharesCredited'])
    expect(moved.ok && moved.events[0].meta.actor).toBe('TradeService')
  })
})

describe('a workspace market on the clock', () => {
  it('ticks the seeded random walk and lets day orders expire when the clock passes the close', async () => {
    const { vi } = await import('vitest')
    const { openWorkspace } = await import('../../../main/app/workspace.ts')
    const { SimulatedClock } = await import('../../../main/app/clock.ts')
    const { contexts } = await import('../../../main/app/contexts.ts')
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'stormbook-market-'))
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const clock = new SimulatedClock('2027-01-04T20:00:00Z')
      const ws = await openWorkspace(dir, { contexts, clock })
      await ws.engine.market({ ACME: '100' })
      await ws.engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
      await ws.engine.dispatch({ command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '5000', source: 'bank' } })
      await ws.engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId: 'day', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '50' } })
      ws.startMarket(10)
      clock.advance('PT2H')
      await vi.advanceTimersByTimeAsync(10_000)
      await ws.engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'sync', name: 'S' } })
      expect(ws.engine.quotes.get('ACME')!.price).not.toBe('100.00')
      const orders = ws.engine.query('Orders', { portfolioId: 'p' })
      expect(orders).toMatchObject({ ok: true, value: [{ orderId: 'day', status: 'failed' }] })
      await ws.close()
    } finally {
      vi.useRealTimers()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('one rule for symbols and prices', () => {
  const order = (symbol: string, limitPrice: string) =>
    validateCommand('PlaceOrder', Portfolio.commands.PlaceOrder, { portfolioId: 'p', orderId: 'o', symbol, side: 'buy', quantity: 1, orderType: 'limit', limitPrice }).ok
  const quote = (symbol: string, price: string) => {
    try {
      new ManualQuotes().set({ [symbol]: price }, '2027-01-04T09:00:00.000Z')
      return true
    } catch {
      return false
    }
  }
  const history = (symbol: string, price: string) => {
    try {
      new SimulatedMarket({ seed: 1 }).importBars(symbol, `date,open,high,low,close,volume\n2027-01-04,${price},${price},${price},${price},1\n`)
      return true
    } catch {
      return false
    }
  }

  it.each([
    ['ACME', '101.25', true], ['BRK.B', '0.000001', true], ['A1', '7', true],
    ['9ABC', '101.25', false], ['acme', '1', false], ['.X', '1', false], ['ABCDEFGHIJK', '1', false],
    ['ACME', '0.0000001', false], ['ACME', '0', false], ['ACME', '-1', false], ['ACME', '1e3', false], ['ACME', '1.', false],
  ])('%s at %s: an order, a quote set by hand and an imported history all say %s', (symbol, price, accepted) => {
    expect([order(symbol, price), quote(symbol, price), history(symbol, price)]).toEqual([accepted, accepted, accepted])
  })

  it('refuses a quote set by hand with a coded error naming the field, and sets none of the batch', () => {
    const quotes = new ManualQuotes()
    expect(() => quotes.set({ ACME: '1', '9ABC': '1' }, 'now')).toThrow(expect.objectContaining({ code: 'INVALID_SYMBOL', details: expect.objectContaining({ field: 'market.9ABC' }) }))
    expect(() => quotes.set({ ACME: '1', GLOBEX: '0.0000001' }, 'now')).toThrow(expect.objectContaining({ code: 'INVALID_PRICE', details: expect.objectContaining({ field: 'market.GLOBEX' }) }))
    expect(quotes.all()).toEqual([])
  })

  it('refuses an import of a digit-first symbol (INVALID_SYMBOL, field symbol) and a price that would round to 0 (CSV_INVALID, its column)', () => {
    const market = new SimulatedMarket({ seed: 1 })
    expect(() => market.importBars('9ABC', csv)).toThrow(expect.objectContaining({ code: 'INVALID_SYMBOL', details: expect.objectContaining({ field: 'symbol' }) }))
    expect(readDailyBars('date,open,high,low,close,volume\n2027-01-04,1,1,0.0000001,1,5\n')).toMatchObject({ ok: false, error: { code: 'CSV_INVALID', details: { line: 2, column: 'low', field: 'low' } } })
  })
})

describe('a tick of the market', () => {
  it('skips a symbol that fails, reports it, and moves every other symbol', () => {
    class OneBadSymbol extends SimulatedMarket {
      override set(prices: Record<string, string>, at: string): string[] {
        if ('BAD' in prices && at !== 'start') throw codedError('INVALID_PRICE', 'BAD cannot be priced', { field: 'market.BAD' })
        return super.set(prices, at)
      }
    }
    const market = new OneBadSymbol({ seed: 5 })
    market.set({ ACME: '100', BAD: '10', ZETA: '50' }, 'start')
    market.importBars('HIST', csv)
    const changed = market.tick('2027-01-05T20:00:00.000Z')
    expect(changed.sort()).toEqual(['ACME', 'HIST', 'ZETA'])
    expect(market.get('BAD')!.price).toBe('10.00')
    expect(market.lastTickProblems).toEqual([expect.objectContaining({ code: 'INVALID_PRICE', details: expect.objectContaining({ symbol: 'BAD' }) })])
    market.tick('2027-01-06T20:00:00.000Z')
    expect(market.lastTickProblems).toHaveLength(1)
  })
})

describe('the lines a daily-bars CSV names', () => {
  it('are the lines of the file as written: blank lines and quoted line breaks counted', () => {
    const text = 'date,open,high,low,close,volume\n\n2027-01-04,1,1,1,1,5\n\n"2027-01-05",1,1,1,1,"5"\n2027-01-06,1,1,1,x,5\n'
    expect(readDailyBars(text)).toMatchObject({ ok: false, error: { details: { line: 6, column: 'close' } } })
    const quoted = 'date,open,high,low,close,volume,note\n2027-01-04,1,1,1,1,5,"two\nlines"\n2027-01-05,1,1,1,1,-5,\n'
    expect(readDailyBars(quoted)).toMatchObject({ ok: false, error: { details: { line: 4, column: 'volume' } } })
  })

  it('name an unclosed quote on its line, instead of reading the rest as one cell', () => {
    const text = 'date,open,high,low,close,volume\n2027-01-04,1,1,1,1,5\n2027-01-05,"1,1,1,1,5\n2027-01-06,1,1,1,1,5\n'
    expect(readDailyBars(text)).toMatchObject({ ok: false, error: { code: 'CSV_INVALID', details: { line: 3, column: '(row)' } } })
  })
})
