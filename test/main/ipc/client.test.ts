import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { clientOf } from '../../../main/ipc/client.ts'
import { inProcessApi } from '../../../main/ipc/in-process.ts'
import { tempDir } from '../../support/workspace.ts'

/** Every function of an object, nested, as dotted paths. */
function surface(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    typeof v === 'function' ? [`${prefix}${key}`] : surface(v, `${prefix}${key}.`))
}

describe('the API client, written once', () => {
  it('turns each method into one call with its fixed method name and params', async () => {
    const calls: unknown[] = []
    const api = clientOf(async (method, params) => {
      calls.push([method, params])
      return { ok: true, value: null }
    }, { onEvents: () => () => undefined })
    await api.dispatch({ command: 'RegisterCustomer', data: {} })
    await api.query('Pipeline')
    await api.query('Pipeline', { owner: 'rep-7' }, { asOf: 3 })
    await api.workspace.info()
    await api.workspace.updateSettings({ theme: 'dark' })
    await api.workspace.events(1, 50)
    await api.market.quotes()
    await api.market.set({ ACME: '1.00' })
    await api.flows.list()
    await api.flows.run('a.flow.json')
    await api.flows.run('a.flow.json', 'scratch')
    expect(calls).toEqual([
      ['dispatch', { command: 'RegisterCustomer', data: {} }],
      ['query', { name: 'Pipeline' }],
      ['query', { name: 'Pipeline', params: { owner: 'rep-7' }, asOf: 3 }],
      ['workspace.info', {}],
      ['workspace.updateSettings', { settings: { theme: 'dark' } }],
      ['workspace.events', { from: 1, to: 50 }],
      ['market.quotes', {}],
      ['market.set', { prices: { ACME: '1.00' } }],
      ['flows.list', {}],
      ['flows.run', { file: 'a.flow.json' }],
      ['flows.run', { file: 'a.flow.json', into: 'scratch' }],
    ])
  })

  it('offers workspace.onProgress only when the transport hears progress', () => {
    const call = async () => ({ ok: true as const, value: null })
    expect(surface(clientOf(call, { onEvents: () => () => undefined }))).not.toContain('workspace.onProgress')
    expect(surface(clientOf(call, { onEvents: () => () => undefined, onProgress: () => () => undefined }))).toContain('workspace.onProgress')
  })
})

describe('the in-process API (no host)', () => {
  it('answers over an open workspace as a host would: validated params, coded errors, pushed events', async () => {
    const workspace = await openWorkspace(join(tempDir(), 'ws'), { contexts, clock: new SystemClock() })
    try {
      const api = inProcessApi({ workspace, flowsDir: join(import.meta.dirname, '../../../flows') })
      const heard: string[] = []
      const off = api.onEvents((events) => heard.push(...events.map((e) => e.type)))
      expect(await api.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c', name: 'C' } })).toMatchObject({ ok: true, value: { position: 1 } })
      expect(await api.dispatch({ command: 'RegisterCustomer', data: {}, bogus: 1 } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'bogus' } } })
      expect(await api.query('Customers')).toMatchObject({ ok: true, value: [{ customerId: 'c' }] })
      expect(await api.flows.list()).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ file: 'sales-funnel.flow.json' })]) })
      off()
      await api.dispatch({ command: 'RegisterCustomer', data: { customerId: 'd', name: 'D' } })
      expect(heard).toEqual(['CustomerRegistered'])
    } finally {
      await workspace.close()
    }
  })
})
