import { describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { createApi } from '../../../main/ipc/api.ts'
import { tempDir } from '../../support/workspace.ts'

async function openApi() {
  const workspace = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
  return { workspace, api: createApi({ workspace, flowsDir: 'flows' }) }
}

describe('the stormbook API', () => {
  it('runs a sample flow into the workspace on the flow own clock, then stamps with the host clock again', async () => {
    const { workspace, api } = await openApi()
    const run = await api.call('flows.run', { file: 'revenue-at-risk.flow.json' })
    expect(run).toMatchObject({ ok: true, value: { ok: true } })
    expect(workspace.engine.store.readRange(1, 1)[0].at).toBe('2027-01-04T09:00:00.000Z')
    const next = await api.call('dispatch', { command: 'RegisterCustomer', data: { customerId: 'later', name: 'Later' } })
    expect(next.ok && (next.value as { events: Array<{ at: string }> }).events[0].at).not.toMatch(/^2027-01-04/)
    await workspace.close()
  })

  it('answers unknown methods and bad params with a coded error naming the field, and writes nothing', async () => {
    const { workspace, api } = await openApi()
    expect(await api.call('drop.tables', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await api.call('dispatch', { command: 'RegisterCustomer' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'data' } } })
    expect(await api.call('query', { name: 'Pipeline', asOf: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'asOf' } } })
    expect(await api.call('flows.run', { file: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'file' } } })
    expect(workspace.engine.store.lastPosition).toBe(0)
    await workspace.close()
  })

  it('dispatches a batch in order, each command answered on its own (a refusal does not stop the rest)', async () => {
    const { workspace, api } = await openApi()
    const batch = await api.call('dispatchBatch', { commands: [
      { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } },
      { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme again' } },
      { command: 'CreateOpportunity', data: { opportunityId: 'o', customerId: 'acme', name: 'Deal', kind: 'new', amount: '10', closeDate: '2027-03-31', salesOwner: 'rep' } },
    ] })
    expect(batch).toMatchObject({ ok: true, value: [{ ok: true }, { ok: false, error: { code: 'CUSTOMER_EXISTS' } }, { ok: true }] })
    expect(workspace.engine.store.lastPosition).toBe(2)
    expect(await api.call('dispatchBatch', { commands: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'commands' } } })
    await workspace.close()
  })
})

describe('the market methods', () => {
  it('sets prices by hand, lets the trade service fill what they trigger, and refuses bad prices with the field', async () => {
    const { workspace, api } = await openApi()
    await api.call('dispatch', { command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    await api.call('dispatch', { command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '1000', source: 'bank' } })
    await api.call('dispatch', { command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId: 'o', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '10', timeInForce: 'gtc' } })
    const moved = await api.call('market.set', { prices: { ACME: '9.50' } })
    expect(moved.ok && (moved.value as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual(['OrderFulfilled', 'FundsDebited', 'SharesCredited'])
    expect(await api.call('market.quotes', {})).toMatchObject({ ok: true, value: [{ symbol: 'ACME', price: '9.50' }] })
    const before = workspace.engine.store.lastPosition
    expect(await api.call('market.set', { prices: { ACME: '-1' } })).toMatchObject({ ok: false, error: { code: 'INVALID_PRICE', details: { field: 'market.ACME' } } })
    expect(await api.call('market.set', { prices: { 'acme!': '1' } })).toMatchObject({ ok: false, error: { code: 'INVALID_SYMBOL' } })
    expect(workspace.engine.store.lastPosition).toBe(before)
    await workspace.close()
  })
})

describe('flows through the API', () => {
  it('answers a missing flow with FLOW_NOT_FOUND', async () => {
    const { workspace, api } = await openApi()
    expect(await api.call('flows.run', { file: 'nope.flow.json' })).toMatchObject({ ok: false, error: { code: 'FLOW_NOT_FOUND', details: { field: 'file' } } })
    expect(await api.call('flows.run', { file: 'sales-funnel.flow.json', into: 'elsewhere' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'into' } } })
    await workspace.close()
  })

  it('checks a flow in a scratch log as often as asked, writing nothing into the workspace', async () => {
    const { workspace, api } = await openApi()
    await api.call('dispatch', { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme already here' } })
    for (let i = 0; i < 2; i++) {
      const run = await api.call('flows.run', { file: 'sales-funnel.flow.json', into: 'scratch' })
      expect(run.ok && run.value).toMatchObject({ ok: true, flow: expect.any(String) })
      const report = run.ok ? (run.value as { steps: Array<{ ok: boolean; events: unknown[] }> }) : { steps: [] }
      expect(report.steps.length).toBeGreaterThan(5)
      expect(report.steps.every((s) => s.ok)).toBe(true)
      expect(report.steps.some((s) => s.events.length > 0)).toBe(true)
    }
    expect(workspace.engine.store.lastPosition).toBe(1)
    await workspace.close()
  })

  it('a flow run into the workspace a second time reports the steps that fail and why', async () => {
    const { workspace, api } = await openApi()
    expect(await api.call('flows.run', { file: 'sales-funnel.flow.json' })).toMatchObject({ ok: true, value: { ok: true } })
    const again = await api.call('flows.run', { file: 'sales-funnel.flow.json', into: 'workspace' })
    expect(again).toMatchObject({ ok: true, value: { ok: false } })
    const failed = again.ok ? (again.value as { steps: Array<{ ok: boolean; failure?: string; rejected?: { code: string } }> }).steps.filter((s) => !s.ok) : []
    expect(failed[0]).toMatchObject({ rejected: { code: 'CUSTOMER_EXISTS' }, failure: expect.stringContaining('CUSTOMER_EXISTS') })
    await workspace.close()
  })
})
