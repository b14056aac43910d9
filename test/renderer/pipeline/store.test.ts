import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHost, type Host } from '../../../main/host/host.ts'
import { setApi, socketApi, socketUrl, type SocketLike } from '../../../renderer/bridge.ts'
import '../../../renderer/pipeline/feature.ts'
import { usePipeline, watchPipeline } from '../../../renderer/pipeline/store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { useUndo } from '../../../renderer/workspace/undo.ts'
import { tempDir } from '../../support/workspace.ts'

let host: Host
let stop: () => void
const initial = usePipeline.getState()
const pipeline = () => usePipeline.getState()
const deal = () => pipeline().opportunities.find((o) => o.opportunityId === 'o-1')
const codes = () => useToasts.getState().toasts.map((t) => t.code)

beforeEach(async () => {
  host = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: tempDir() })
  setApi(socketApi(new WebSocket(socketUrl(host.url)) as unknown as SocketLike))
  usePipeline.setState(initial, true)
  useToasts.setState({ toasts: [] })
  useUndo.setState({ done: [], undone: [], busy: false })
  await host.workspace.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c-1', name: 'Initech' }, actor: 'rep' })
  await host.workspace.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'c-1', name: 'Rollout', kind: 'new', amount: '24000', closeDate: '2027-03-31', salesOwner: 'rep' }, actor: 'rep' })
  stop = watchPipeline()
  await pipeline().refresh()
})
afterEach(async () => {
  stop()
  await host.close()
})

describe('the pipeline store', () => {
  it('refreshes on pushed events: a deal created elsewhere (another window, a flow) appears', async () => {
    await host.workspace.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-2', customerId: 'c-1', name: 'Pilot', kind: 'new', amount: '500', closeDate: '2027-04-30', salesOwner: 'ana' }, actor: 'ana' })
    await expect.poll(() => pipeline().opportunities.map((o) => o.name)).toEqual(['Rollout', 'Pilot'])
  })

  it('shows an edited field at once, keeps the engine’s value after its events, and can undo it', async () => {
    const edited = pipeline().edit('o-1', 'amount', '30000')
    expect(deal()?.amount).toBe('30000')
    expect(await edited).toBeNull()
    await expect.poll(() => deal()?.amount).toBe('30000.00')
    await useUndo.getState().undo()
    await expect.poll(() => deal()?.amount).toBe('24000.00')
  })

  it('puts a refused edit back and answers the refusal with its code instead of toasting it', async () => {
    const refused = await pipeline().edit('o-1', 'amount', '-5')
    expect(refused?.code).toMatch(/INVALID_AMOUNT|INVALID_COMMAND/)
    expect(deal()?.amount).toBe('24000.00')
    expect(codes()).toEqual([])
  })

  it('moves a card at once, and snaps it back with a toast when the engine refuses the move', async () => {
    expect(await pipeline().move('o-1', 'proposal')).toBe(false)
    expect(deal()?.stage).toBe('prospecting')
    expect(codes()).toEqual(['NOT_QUALIFIED'])
    expect(await pipeline().move('o-1', 'qualification')).toBe(true)
    await expect.poll(() => deal()?.stage).toBe('qualification')
  })

  it('closes, on Esc, a deal opened on a customer page first, then the page; a page opened from a deal gives its panel back', () => {
    pipeline().setView('customers')
    pipeline().openCustomer('c-1')
    pipeline().select('o-1')
    expect(pipeline().closeTop()).toBe(true)
    expect(pipeline()).toMatchObject({ selected: null, customerPage: { customerId: 'c-1' } })
    expect(pipeline().closeTop()).toBe(true)
    expect(pipeline()).toMatchObject({ selected: null, customerPage: null, view: 'customers' })
    expect(pipeline().closeTop()).toBe(false)

    pipeline().select('o-1')
    pipeline().openCustomer('c-1', 'o-1')
    expect(pipeline()).toMatchObject({ selected: null, customerPage: { customerId: 'c-1', fromDeal: 'o-1' } })
    expect(pipeline().closeTop()).toBe(true)
    expect(pipeline()).toMatchObject({ selected: 'o-1', customerPage: null })
  })

  it('leaves the customer page for another tab', () => {
    pipeline().openCustomer('c-1')
    pipeline().setView('risk')
    expect(pipeline()).toMatchObject({ customerPage: null, view: 'risk' })
  })
})
