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

let host: { workspace: Workspace }
const initial = useTrading.getState()

beforeEach(async () => {
  // The API in this process over a real workspace: no host, no socket.
  host = { workspace: await openWorkspace(join(tempDir(), 'ws'), { contexts, clock: new SystemClock() }) }
  setApi(inProcessApi({ workspace: host.workspace, flowsDir: join(import.meta.dirname, '../../../flows') }))
  useTrading.setState(initial, true)
  useToasts.setState({ toasts: [] })
  useWorkspace.setState({ info: null, viewingPosition: null })
})
afterEach(async () => {
  await host.workspace.close()
})

const codes = () => useToasts.getState().toasts.map((t) => t.code)
const trader = (command: string, data: Record<string, unknown>, aggregate?: string) =>
  host.workspace.engine.dispatch({ command, data, actor: 'trader', ...(aggregate ? { aggregate } : {}) })

describe('the trading store against a real workspace (the in-process API)', () => {
  it('learns the portfolios already in the log, in the order opened, and shows the first', async () => {
    await trader('OpenPortfolio', { portfolioId: 'p-1', name: 'Core' })
    await trader('RegisterCustomer', { customerId: 'c-1', name: 'Acme' })
    await trader('OpenPortfolio', { portfolioId: 'p-2', name: 'Swing', owner: 'ana' })
    await useTrading.getState().catchUp()
    await useTrading.getState().refresh()
    const state = useTrading.getState()
    expect(state.portfolios.map((p) => p.name)).toEqual(['Core', 'Swing'])
    expect(state.learned).toBe(true)
    expect(state.selected).toBe('p-1')
    expect(state.summary).toMatchObject({ cash: '0.00', loyaltyLevel: 'basic', nextCommission: '9.99' })
  })

  it('hears a portfolio opened elsewhere (another window, a flow) and adds it to the list', async () => {
    const stop = watchTrading()
    try {
      await expect.poll(() => useTrading.getState().learned).toBe(true)
      expect(useTrading.getState().portfolios).toEqual([])
      await trader('OpenPortfolio', { portfolioId: 'p-9', name: 'Elsewhere', owner: 'bo' })
      await expect.poll(() => useTrading.getState().portfolios).toEqual([{ portfolioId: 'p-9', name: 'Elsewhere', owner: 'bo', status: 'open', loyaltyLevel: 'basic' }])
    } finally {
      stop()
    }
  })

  it('reserves a waiting limit buy, releases it on cancel, and toasts each refusal with its code (screens refresh on pushed events)', async () => {
    const stop = watchTrading()
    try {
      const trading = () => useTrading.getState()
      await expect.poll(() => trading().learned).toBe(true)
      expect(await trading().openPortfolio('Practice', '')).toBe(true)
      await expect.poll(() => trading().portfolios).toHaveLength(1)
      expect(await trading().deposit('9000', 'checking')).toBe(true)
      await expect.poll(() => trading().summary?.cash).toBe('9000.00')

      const ticket = { symbol: 'acme', side: 'buy' as const, quantity: '100', orderType: 'limit' as const, price: '45', timeInForce: 'gtc' as const }
      expect(await trading().placeOrder(ticket)).toBe(true)
      await expect.poll(() => trading().orders).toMatchObject([{ symbol: 'ACME', status: 'pending', limitPrice: '45.00', timeInForce: 'gtc' }])
      await expect.poll(() => trading().summary).toMatchObject({ reservedCash: '4509.99', availableCash: '4490.01' })

      expect(await trading().cancelOrder(trading().orders[0].orderId)).toBe(true)
      await expect.poll(() => trading().orders[0].status).toBe('canceled')
      await expect.poll(() => trading().summary).toMatchObject({ reservedCash: '0.00', availableCash: '9000.00' })

      expect(await trading().placeOrder({ ...ticket, quantity: '1.5' })).toBe(false)
      expect(await trading().placeOrder({ ...ticket, orderType: 'market', price: '' })).toBe(false)
      expect(await trading().withdraw('10000', 'checking')).toBe(false)
      expect(codes()).toEqual(['INVALID_ORDER', 'NO_QUOTE', 'INSUFFICIENT_FUNDS'])
      expect(trading().orders).toHaveLength(1)
    } finally {
      stop()
    }
  })
})
