import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { inProcessApi } from '../../../main/ipc/in-process.ts'
import { setApi } from '../../../renderer/bridge.ts'
import { useTrading, watchTrading } from '../../../renderer/trading/store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { useWorkspace } from '../../../renderer/workspace/store.ts'
import { tempDir } from '../../support/workspace.ts'

let workspace: Workspace
const initial = useTrading.getState()
const trading = () => useTrading.getState()

beforeEach(async () => {
  workspace = await openWorkspace(join(tempDir(), 'ws'), { contexts, clock: new SystemClock() })
  setApi(inProcessApi({ workspace, flowsDir: join(import.meta.dirname, '../../../flows') }))
  useTrading.setState(initial, true)
  useToasts.setState({ toasts: [] })
  useWorkspace.setState({ info: null, viewingPosition: null })
})
afterEach(async () => {
  await workspace.close()
})

describe('live quotes on the trader\'s desk', () => {
  it('hears every tick of the market (pushed, no event written) and asks for the holdings\' values again', async () => {
    const stop = watchTrading()
    try {
      await expect.poll(() => trading().learned).toBe(true)
      expect(await trading().openPortfolio('Practice', '')).toBe(true)
      expect(await trading().deposit('9000', 'checking')).toBe(true)
      await workspace.engine.market({ ACME: '100' })
      await expect.poll(() => trading().quotes).toMatchObject([{ symbol: 'ACME', price: '100.00' }])
      expect(await trading().placeOrder({ symbol: 'ACME', side: 'buy', quantity: '10', orderType: 'market', price: '', timeInForce: 'day' })).toBe(true)
      await expect.poll(() => trading().summary?.holdings[0]?.price).toBe('100.00')

      const before = workspace.engine.store.lastPosition
      await workspace.engine.marketTick()
      const moved = workspace.engine.quotes.get('ACME')!.price
      expect(workspace.engine.store.lastPosition).toBe(before)
      await expect.poll(() => trading().quotes[0]?.price).toBe(moved)
      await expect.poll(() => trading().summary?.holdings[0]?.price).toBe(moved)
    } finally {
      stop()
    }
  })

  it('closes an emptied portfolio, and refuses one that is not empty saying in words what is left', async () => {
    const stop = watchTrading()
    try {
      await expect.poll(() => trading().learned).toBe(true)
      expect(await trading().openPortfolio('Practice', '')).toBe(true)
      expect(await trading().deposit('1234.5', 'checking')).toBe(true)
      await expect.poll(() => trading().summary?.cash).toBe('1234.50')
      expect(await trading().closePortfolio()).toBe(false)
      expect(useToasts.getState().toasts.map((t) => [t.code, t.message])).toContainEqual([
        'PORTFOLIO_NOT_EMPTY', 'Practice cannot be closed: it still holds cash $1,234.50. First withdraw the cash.',
      ])
      expect(await trading().withdraw('1234.5', 'checking')).toBe(true)
      await expect.poll(() => trading().summary?.cash).toBe('0.00')
      expect(await trading().closePortfolio()).toBe(true)
      await expect.poll(() => trading().summary?.status).toBe('closed')
    } finally {
      stop()
    }
  })
})
