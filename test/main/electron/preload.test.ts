import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StormbookApi } from '../../../main/ipc/contract.ts'
import { contextBridge, fake, ipcRenderer } from './fake-electron.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

let api: StormbookApi

/** Every key of an object, nested, as dotted paths. */
function surface(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    typeof v === 'function' ? [`${prefix}${key}`] : surface(v, `${prefix}${key}.`))
}

beforeAll(async () => {
  vi.stubGlobal('window', new EventTarget())
  await import('../../../main/electron/preload.ts')
  api = fake.exposed.stormbook as StormbookApi
})

beforeEach(() => {
  ipcRenderer.invoke.mockReset()
  ipcRenderer.invoke.mockImplementation(async () => ({ ok: true, value: 'answer' }))
})

describe('the preload', () => {
  it('exposes one object, window.stormbook: dispatch, dispatchBatch, query, onEvents, workspace.* (with the onProgress listener), market.* (with the onQuotes listener and the practice controls), flows.*, storm.export, sync.* (with the onStatus listener), and nothing else', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(contextBridge.exposeInMainWorld.mock.calls[0][0]).toBe('stormbook')
    const sync = ['sync.configure', 'sync.conflicts', 'sync.discard', 'sync.now', 'sync.onStatus', 'sync.retry', 'sync.setPassword', 'sync.status', 'sync.test']
    expect(Object.keys(api).sort()).toEqual(['dispatch', 'dispatchBatch', 'flows', 'market', 'onEvents', 'query', 'storm', 'sync', 'workspace'])
    expect(surface(api).sort()).toEqual(['dispatch', 'dispatchBatch', 'flows.commands', 'flows.delete', 'flows.duplicate', 'flows.export', 'flows.fromLog', 'flows.import', 'flows.list', 'flows.read', 'flows.record', 'flows.rename', 'flows.run', 'flows.save', 'flows.validate', 'market.control', 'market.controls', 'market.import', 'market.onQuotes', 'market.previewImport', 'market.quotes', 'market.set', 'onEvents', 'query', 'storm.export', ...sync, 'workspace.events', 'workspace.info', 'workspace.onProgress', 'workspace.updateSettings'])
  })

  it('turns each method into one stormbook:call with a fixed method name and its params', async () => {
    const command = { command: 'RegisterCustomer', data: { customerId: 'c' } }
    await api.dispatch(command)
    await api.query('Pipeline')
    await api.query('Pipeline', { owner: 'rep-7' }, { asOf: 3 })
    await api.workspace.info()
    await api.workspace.updateSettings({ theme: 'dark' })
    await api.workspace.events(1, 50)
    await api.flows.list()
    await api.flows.run('sales-funnel.flow.json')
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      ['stormbook:call', 'dispatch', command],
      ['stormbook:call', 'query', { name: 'Pipeline' }],
      ['stormbook:call', 'query', { name: 'Pipeline', params: { owner: 'rep-7' }, asOf: 3 }],
      ['stormbook:call', 'workspace.info', {}],
      ['stormbook:call', 'workspace.updateSettings', { settings: { theme: 'dark' } }],
      ['stormbook:call', 'workspace.events', { from: 1, to: 50 }],
      ['stormbook:call', 'flows.list', {}],
      ['stormbook:call', 'flows.run', { file: 'sales-funnel.flow.json' }],
    ])
    expect(ipcRenderer.send).not.toHaveBeenCalled()
    expect(ipcRenderer.sendSync).not.toHaveBeenCalled()
  })

  it('answers the main process result as it came, and never throws: a failed invoke is IPC_FAILED', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_QUALIFIED', message: 'no' } })
    expect(await api.dispatch({ command: 'SendProposal', data: {} })).toEqual({ ok: false, error: { code: 'NOT_QUALIFIED', message: 'no' } })
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'))
    expect(await api.workspace.info()).toMatchObject({ ok: false, error: { code: 'IPC_FAILED' } })
    ipcRenderer.invoke.mockResolvedValueOnce('not a result')
    expect(await api.flows.list()).toMatchObject({ ok: false, error: { code: 'IPC_FAILED' } })
  })

  it('delivers pushed events to onEvents listeners until they unsubscribe', () => {
    const heard: unknown[] = []
    const stop = api.onEvents((events) => heard.push(events))
    ipcRenderer.emit('stormbook:events', {}, [{ position: 1 }])
    ipcRenderer.emit('stormbook:events', {}, 'not a list')
    stop()
    ipcRenderer.emit('stormbook:events', {}, [{ position: 2 }])
    expect(heard).toEqual([[{ position: 1 }]])
    expect(ipcRenderer.listenerCount('stormbook:events')).toBe(0)
  })

  it('delivers opening progress to workspace.onProgress as {done, total} numbers only, until unsubscribed', () => {
    const heard: unknown[] = []
    const stop = api.workspace.onProgress!((progress) => heard.push(progress))
    ipcRenderer.emit('stormbook:progress', {}, { done: 10, total: 100, extra: 'dropped' })
    ipcRenderer.emit('stormbook:progress', {}, { done: 'ten', total: 100 })
    ipcRenderer.emit('stormbook:progress', {}, null)
    ipcRenderer.emit('stormbook:progress', {}, { done: 100, total: 100 })
    stop()
    ipcRenderer.emit('stormbook:progress', {}, { done: 100, total: 100 })
    expect(heard).toEqual([{ done: 10, total: 100 }, { done: 100, total: 100 }])
    expect(ipcRenderer.listenerCount('stormbook:progress')).toBe(0)
    // a non-function listener is ignored, not registered
    api.workspace.onProgress!('nope' as never)()
    expect(ipcRenderer.listenerCount('stormbook:progress')).toBe(0)
  })

  it('turns each sync method into one stormbook:call with its params', async () => {
    await api.sync.configure({ url: 'postgresql://maria@db/stormbook', team: 'north', everySeconds: 30 })
    await api.sync.test()
    await api.sync.discard('c-1')
    await api.sync.retry('c-1', { amount: '5' })
    await api.sync.setPassword('s3cret')
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      ['stormbook:call', 'sync.configure', { url: 'postgresql://maria@db/stormbook', team: 'north', everySeconds: 30 }],
      ['stormbook:call', 'sync.test', {}],
      ['stormbook:call', 'sync.discard', { id: 'c-1' }],
      ['stormbook:call', 'sync.retry', { id: 'c-1', data: { amount: '5' } }],
      ['stormbook:call', 'sync.setPassword', { password: 's3cret' }],
    ])
  })

  it('delivers sync statuses to sync.onStatus, and nothing that is not one, until unsubscribed', () => {
    const heard: unknown[] = []
    const stop = api.sync.onStatus!((status) => heard.push(status))
    const status = { configured: true, state: 'pending', pending: 2, conflicts: 0 }
    ipcRenderer.emit('stormbook:sync', {}, status)
    ipcRenderer.emit('stormbook:sync', {}, 'synced')
    ipcRenderer.emit('stormbook:sync', {}, { state: 'synced' })
    stop()
    ipcRenderer.emit('stormbook:sync', {}, status)
    expect(heard).toEqual([status])
    expect(ipcRenderer.listenerCount('stormbook:sync')).toBe(0)
  })

  it('delivers the market’s quotes to market.onQuotes as lists only, until unsubscribed', () => {
    const heard: unknown[] = []
    const stop = api.market.onQuotes!((quotes) => heard.push(quotes))
    ipcRenderer.emit('stormbook:quotes', {}, [{ symbol: 'ACME', price: '101.25', at: '2027-01-04T09:00:00.000Z' }])
    ipcRenderer.emit('stormbook:quotes', {}, 'not a list')
    stop()
    ipcRenderer.emit('stormbook:quotes', {}, [])
    expect(heard).toEqual([[{ symbol: 'ACME', price: '101.25', at: '2027-01-04T09:00:00.000Z' }]])
    expect(ipcRenderer.listenerCount('stormbook:quotes')).toBe(0)
  })

  it('forwards only known menu commands to the page, as a stormbook:menu DOM event', () => {
    const heard: unknown[] = []
    window.addEventListener('stormbook:menu', (event) => heard.push((event as CustomEvent).detail))
    for (const action of ['undo', 'redo', 'palette', 'rm -rf', { undo: true }]) ipcRenderer.emit('stormbook:menu', {}, action)
    expect(heard).toEqual(['undo', 'redo', 'palette'])
  })
})
