import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHost, type Host } from '../../../main/host/host.ts'
import { setApi, socketApi, socketUrl, type SocketLike } from '../../../renderer/bridge.ts'
import '../../../renderer/trading/feature.ts'
import { useTrading, watchTrading } from '../../../renderer/trading/store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { useUndo } from '../../../renderer/workspace/undo.ts'
import { tempDir } from '../../support/workspace.ts'

let host: Host
let stop: () => void
const initial = useTrading.getState()
const trading = () => useTrading.getState()
const toasts = () => useToasts.getState().toasts.map((t) => `${t.message}${t.code ? ` [${t.code}]` : ''}`)

beforeEach(async () => {
  host = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: tempDir() })
  setApi(socketApi(new WebSocket(socketUrl(host.url)) as unknown as SocketLike))
  useTrading.setState(initial, true)
  useToasts.setState({ toasts: [] })
  useUndo.setState({ done: [], undone: [], busy: false })
  stop = watchTrading()
  await expect.poll(() => trading().learned).toBe(true)
  expect(await trading().openPortfolio('Practice', '')).toBe(true)
  expect(await trading().deposit('9000', 'checking')).toBe(true)
  await expect.poll(() => trading().summary?.cash).toBe('9000.00')
})
afterEach(async () => {
  stop()
  await host.close()
})

const ticket = { symbol: 'acme', side: 'buy' as const, quantity: '100', orderType: 'limit' as const, price: '45', timeInForce: 'gtc' as const }

describe('undo of trading commands', () => {
  it('takes back a pending limit order by canceling it (CancelOrder), and the reserved cash comes back', async () => {
    expect(await trading().placeOrder(ticket)).toBe(true)
    await expect.poll(() => trading().summary?.reservedCash).toBe('4509.99')
    await useUndo.getState().undo()
    await expect.poll(() => trading().orders.map((o) => o.status)).toEqual(['canceled'])
    await expect.poll(() => trading().summary).toMatchObject({ reservedCash: '0.00', availableCash: '9000.00' })
    expect(toasts()).toContain('Undone PlaceOrder: cancel the pending order.')
  })

  it('says in words that a filled order cannot be undone, and a deposit neither', async () => {
    expect(await trading().setPrice('ACME', '50')).toBe(true)
    expect(await trading().placeOrder({ ...ticket, orderType: 'market', price: '', quantity: '10' })).toBe(true)
    await expect.poll(() => trading().orders.map((o) => o.status)).not.toEqual(['pending'])
    await useUndo.getState().undo()
    expect(toasts().at(-1)).toMatch(/^Can't undo PlaceOrder: the order was already filled or ended; only a pending order can be canceled\. \[NO_COMPENSATING_COMMAND\]$/)
    await useUndo.getState().undo()
    expect(toasts().at(-1)).toBe("Can't undo RequestFunds: the domain has no compensating command. [NO_COMPENSATING_COMMAND]")
  })
})
