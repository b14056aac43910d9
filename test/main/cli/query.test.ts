import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { main } from '../../../main/cli/index.ts'
import { captureCliOutput } from '../../support/cli-output.ts'
import { tempDir } from '../../support/workspace.ts'

const cli = captureCliOutput()

/** A sales workspace with one customer and one opportunity (positions 1 and 2). */
async function salesWorkspace() {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, actor: 'rep' })
  await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep' }, actor: 'rep' })
  return { dir, ws }
}

describe('stormbook query', () => {
  it('answers a read model now and as of a position, as JSON', async () => {
    const { dir, ws } = await salesWorkspace()
    await ws.close()
    expect(await main(['query', dir, 'Pipeline', '--json'])).toBe(0)
    const now = JSON.parse(cli.out)
    expect(now).toMatchObject({ ok: true, query: 'Pipeline', position: 2, readOnly: false })
    expect(now.value.openAmount).not.toBe('0.00')
    cli.clear()
    expect(await main(['query', dir, 'Pipeline', '{}', '--as-of', '1', '--json'])).toBe(0)
    expect(JSON.parse(cli.out)).toMatchObject({ ok: true, position: 1, value: { openAmount: '0.00' } })
  })

  it('prints the answer for a person', async () => {
    const { dir, ws } = await salesWorkspace()
    await ws.close()
    expect(await main(['query', dir, 'Pipeline', '--as-of=1'])).toBe(0)
    expect(cli.out).toContain('Pipeline as of position 1 of 2')
    expect(cli.out).toContain('"openAmount"')
  })

  it("answers a customer's page, now and as of a position", async () => {
    const { dir, ws } = await salesWorkspace()
    await ws.close()
    expect(await main(['query', dir, 'CustomerPage', '{"customerId":"acme"}', '--json'])).toBe(0)
    expect(JSON.parse(cli.out)).toMatchObject({ ok: true, value: { name: 'Acme', deals: [{ name: 'Deal', amount: '100.00' }], revenueAtRisk: { amount: '0.00' } } })
    cli.clear()
    expect(await main(['query', dir, 'CustomerPage', '{"customerId":"acme"}', '--as-of', '1', '--json'])).toBe(0)
    expect(JSON.parse(cli.out)).toMatchObject({ ok: true, position: 1, value: { name: 'Acme', deals: [] } })
  })

  it('opens read-only while the workspace is in use', async () => {
    const { dir, ws } = await salesWorkspace()
    try {
      expect(await main(['query', dir, 'Pipeline', '--json'])).toBe(0)
      expect(JSON.parse(cli.out)).toMatchObject({ ok: true, position: 2, readOnly: true })
    } finally {
      await ws.close()
    }
  })

  it('refuses an unknown query, bad params, a bad position or usage with a coded error and exit 2', async () => {
    const { dir, ws } = await salesWorkspace()
    await ws.close()
    const refused = async (args: string[], code: string, field?: string) => {
      cli.clear()
      expect(await main([...args, '--json']), args.join(' ')).toBe(2)
      expect(JSON.parse(cli.out), args.join(' ')).toMatchObject({ ok: false, error: { code, ...(field && { details: expect.objectContaining({ field }) }) } })
    }
    await refused(['query', dir, 'Pipelin'], 'UNKNOWN_QUERY', 'query')
    await refused(['query', dir, 'Pipeline', '{nope'], 'INVALID_QUERY', 'params')
    await refused(['query', dir, 'Pipeline', '[1]'], 'INVALID_QUERY', 'params')
    await refused(['query', dir, 'Pipeline', '{"colour":"red"}'], 'INVALID_QUERY', 'colour')
    await refused(['query', dir, 'Pipeline', '--as-of', 'soon'], 'INVALID_QUERY', 'asOf')
    await refused(['query', dir], 'USAGE', 'query')
    await refused(['query', `${dir}/nowhere`, 'Pipeline'], 'WORKSPACE_NOT_FOUND')
    cli.clear()
    expect(await main(['query', dir, 'Pipelin'])).toBe(2)
    expect(cli.err).toContain('UNKNOWN_QUERY')
  })
})
