import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { inProcessApi } from '../../../main/ipc/in-process.ts'
import type { StormbookApi } from '../../../main/ipc/contract.ts'
import { tempDir } from '../../support/workspace.ts'

let dir: string
let workspace: Workspace
let api: StormbookApi

async function open(): Promise<void> {
  workspace = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T15:00:00Z') })
  api = inProcessApi({ workspace, flowsDir: dir })
}

beforeEach(async () => {
  dir = join(tempDir(), 'ws')
  await open()
})
afterEach(async () => {
  vi.useRealTimers()
  await workspace.close()
})

const value = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value
}

describe('the market\'s practice controls', () => {
  it('pauses and resumes the ticking, keeps the pace and the seed in the workspace settings, and finds them after a reopen', async () => {
    vi.useFakeTimers()
    workspace.startMarket(10)
    await api.market.set({ ACME: '100.00' })
    expect(value(await api.market.control({ action: 'speed', tickSeconds: 0.25 }))).toMatchObject({ live: true, paused: false, tickSeconds: 0.25 })
    await vi.advanceTimersByTimeAsync(260)
    const moved = workspace.engine.quotes.get('ACME')!.price
    expect(moved).not.toBe('100.00')

    expect(value(await api.market.control({ action: 'pause' }))).toMatchObject({ paused: true })
    await vi.advanceTimersByTimeAsync(2000)
    expect(workspace.engine.quotes.get('ACME')!.price).toBe(moved)

    // A step moves the market once, paused or not.
    value(await api.market.control({ action: 'step' }))
    expect(workspace.engine.quotes.get('ACME')!.price).not.toBe(moved)
    value(await api.market.control({ action: 'seed', seed: 42 }))
    expect(JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')).settings).toMatchObject({ marketPaused: true, marketTickSeconds: 0.25, marketSeed: 42 })

    vi.useRealTimers()
    await workspace.close()
    await open()
    expect(value(await api.market.controls())).toMatchObject({ paused: true, tickSeconds: 0.25, seed: 42 })
    expect(value(await api.market.control({ action: 'resume' }))).toMatchObject({ paused: false })
  })

  it('walks the same way after the same seed is set again', async () => {
    const walk = async () => {
      value(await api.market.control({ action: 'seed', seed: 7 }))
      value(await api.market.control({ action: 'seed', seed: 8 }))
      value(await api.market.control({ action: 'seed', seed: 7 }))
      await api.market.set({ ACME: '100.00' })
      const prices: string[] = []
      for (let i = 0; i < 5; i++) {
        value(await api.market.control({ action: 'step' }))
        prices.push(workspace.engine.quotes.get('ACME')!.price)
      }
      return prices
    }
    expect(await walk()).toEqual(await walk())
  })

  it('refuses a bad control with a code and the field at fault, changing nothing', async () => {
    const fast = await api.market.control({ action: 'speed', tickSeconds: 0.01 })
    expect(fast).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'tickSeconds' } } })
    const seed = await api.market.control({ action: 'seed', seed: 1.5 })
    expect(seed).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'seed' } } })
    const unknown = await api.market.control({ action: 'rewind' } as never)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'action' } } })
    expect(value(await api.market.controls())).toMatchObject({ tickSeconds: 10, seed: 1, paused: false })
    expect(JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')).settings.marketTickSeconds).toBeUndefined()
  })

  it('refuses a pace the settings do not allow when set as a setting, naming it', async () => {
    await expect(workspace.updateSettings({ marketTickSeconds: 0.05 })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.marketTickSeconds' } })
    await expect(workspace.updateSettings({ watchList: ['acme'] })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.watchList[0]' } })
  })
})

const vendor = `Date,Ticker,Open,High,Low,Close,Adj Close
2027-01-04,ACME,100,105,99,104.5,104.5
2027-01-04,GLOBEX,20,21,19,20.5,20.5
2027-01-05,ACME,104.5,106,101,102,102
2027-01-06,ACME,102,103,95.25,96,96
2027-01-06,GLOBEX,20.5,22,20,21.75,21.75
`
const columns = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', symbol: 'Ticker' }

describe('importing a vendor CSV in the app', () => {
  it('previews the mapped bars writing nothing, imports on confirmation, and replays them one day per step', async () => {
    const preview = value(await api.market.previewImport({ csv: vendor, columns }))
    expect(preview.headers).toEqual(['Date', 'Ticker', 'Open', 'High', 'Low', 'Close', 'Adj Close'])
    expect(preview.problems).toEqual([])
    expect(preview.symbols).toEqual([
      { symbol: 'ACME', bars: 3, from: '2027-01-04', to: '2027-01-06' },
      { symbol: 'GLOBEX', bars: 2, from: '2027-01-04', to: '2027-01-06' },
    ])
    expect(preview.sample[0]).toEqual({ symbol: 'ACME', date: '2027-01-04', open: '100.00', high: '105.00', low: '99.00', close: '104.50', volume: 0 })
    expect(existsSync(join(dir, 'market'))).toBe(false)

    const imported = value(await api.market.import({ csv: vendor, columns }))
    expect(imported.imported.map((h) => h.symbol)).toEqual(['ACME', 'GLOBEX'])
    expect(readFileSync(join(dir, 'market', 'GLOBEX.csv'), 'utf8')).toBe('date,open,high,low,close,volume\n2027-01-04,20.00,21.00,19.00,20.50,0\n2027-01-06,20.50,22.00,20.00,21.75,0\n')

    expect(value(await api.market.control({ action: 'replay', on: true })).replay).toEqual({ on: true, day: null, from: '2027-01-04', to: '2027-01-06', days: 3 })
    const day = async () => {
      const controls = value(await api.market.control({ action: 'step' }))
      return [controls.replay.day, workspace.engine.quotes.get('ACME')?.price, workspace.engine.quotes.get('GLOBEX')?.price]
    }
    expect(await day()).toEqual(['2027-01-04', '104.50', '20.50'])
    expect(await day()).toEqual(['2027-01-05', '102.00', '20.50'])
    expect(await day()).toEqual(['2027-01-06', '96.00', '21.75'])
    expect(await day()).toEqual(['2027-01-06', '96.00', '21.75'])
  })

  it('goes on replaying from the day it stood at after the workspace is closed and opened again', async () => {
    value(await api.market.import({ csv: vendor, columns }))
    value(await api.market.control({ action: 'replay', on: true }))
    value(await api.market.control({ action: 'step' }))
    expect(value(await api.market.control({ action: 'step' })).replay.day).toBe('2027-01-05')

    await workspace.close()
    await open()
    expect(value(await api.market.controls()).replay).toMatchObject({ on: true, day: '2027-01-05' })
    const next = value(await api.market.control({ action: 'step' }))
    expect([next.replay.day, workspace.engine.quotes.get('ACME')?.price]).toEqual(['2027-01-06', '96.00'])

    // Turned off, the kept day is forgotten: on again starts before the first day.
    value(await api.market.control({ action: 'replay', on: false }))
    await workspace.close()
    await open()
    expect(value(await api.market.control({ action: 'replay', on: true })).replay.day).toBeNull()
  })

  it('lists every problem by line and column, and imports nothing from a file with any', async () => {
    const bad = `${vendor}2027-01-07,ACME,96,97,95,oops,96\n2027-01-05,GLOBEX,21,22,20,21,21\nnot-a-date,ACME,1,1,1,1,1\n`
    const preview = value(await api.market.previewImport({ csv: bad, columns }))
    expect(preview.problems).toEqual([
      { line: 7, column: 'close', message: '"oops" is not a price: it must be a decimal string above 0 with at most 6 fraction digits ("101.25")' },
      { line: 8, column: 'date', message: '2027-01-05 does not come after 2027-01-06: bars must be in date order, one per day (for GLOBEX)' },
      { line: 9, column: 'date', message: '"not-a-date" is not a date (YYYY-MM-DD)' },
    ])
    const refused = await api.market.import({ csv: bad, columns })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CSV_INVALID', message: 'line 7, column close: "oops" is not a price: it must be a decimal string above 0 with at most 6 fraction digits ("101.25")', details: { line: 7, field: 'close', problems: 3 } } })
    expect(existsSync(join(dir, 'market'))).toBe(false)
  })

  it('takes the symbol typed in when no column holds it, and asks for one when neither is given', async () => {
    const noSymbol = value(await api.market.previewImport({ csv: vendor, columns: { ...columns, symbol: undefined } }))
    expect(noSymbol.problems).toEqual([{ line: 1, column: 'symbol', message: 'choose the symbol column, or type the symbol these bars are of' }])
    const acme = 'Date,Open,High,Low,Close\n2027-01-04,100,105,99,104.5\n'
    expect(value(await api.market.previewImport({ csv: acme, columns: { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close' }, symbol: 'acme' })).symbols).toEqual([{ symbol: 'ACME', bars: 1, from: '2027-01-04', to: '2027-01-04' }])
    const missing = value(await api.market.previewImport({ csv: acme, columns: { date: 'Day', open: 'Open', high: 'High', low: 'Low', close: 'Close' }, symbol: 'ACME' }))
    expect(missing.problems).toEqual([{ line: 1, column: 'date', message: 'the header has no "Day" column' }])
  })
})
