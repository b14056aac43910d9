import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { tempDir } from '../../support/workspace.ts'

describe('trading read models as of a past position', () => {
  it('answers PortfolioSummary, Orders and Transfers as they stood before a trade, after reopening', async () => {
    const dir = tempDir()
    const clock = new SimulatedClock('2027-01-04T14:00:00Z')
    let ws = await openWorkspace(dir, { contexts, clock })
    await ws.engine.market({ ACME: '100' })
    await ws.engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    const funded = await ws.engine.dispatch({ command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '5000', source: 'bank' } })
    const before = funded.ok ? funded.position : -1
    await ws.engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId: 'o', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market' } })
    await ws.close()
    ws = await openWorkspace(dir, { contexts, clock })
    expect(ws.engine.query('PortfolioSummary', { portfolioId: 'p' })).toMatchObject({ ok: true, value: { cash: '3990.01', holdings: [{ symbol: 'ACME', quantity: 10 }] } })
    expect(ws.engine.query('PortfolioSummary', { portfolioId: 'p' }, { asOf: before })).toMatchObject({ ok: true, value: { cash: '5000.00', holdings: [] } })
    expect(ws.engine.query('Orders', { portfolioId: 'p' }, { asOf: before })).toEqual({ ok: true, value: [] })
    expect(ws.engine.query('Transfers', { portfolioId: 'p' }, { asOf: before - 2 })).toMatchObject({ ok: true, value: [{ transferId: 't', status: 'requested' }] })
    await ws.close()
  })
})
