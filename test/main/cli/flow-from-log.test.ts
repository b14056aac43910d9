import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { main } from '../../../main/cli/index.ts'
import { captureCliOutput } from '../../support/cli-output.ts'
import { tempDir } from '../../support/workspace.ts'

const cli = captureCliOutput()

/** A sales workspace: a customer (1), an opportunity (2), qualified (3). */
async function salesWorkspace() {
  const dir = join(tempDir(), 'sales')
  const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, actor: 'rep' })
  await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep' }, actor: 'rep' })
  await ws.engine.dispatch({ command: 'QualifyOpportunity', data: { opportunityId: 'o-1' }, actor: 'rep' })
  return { dir, ws }
}

describe('stormbook flow from-log', () => {
  it('makes a spec from a workspace another Stormbook holds (read-only), and the spec passes when run', async () => {
    const { dir, ws } = await salesWorkspace()
    try {
      expect(await main(['flow', 'from-log', dir, '--position', '2'])).toBe(0)
      const flow = JSON.parse(cli.out)
      expect(flow).toMatchObject({ start: '2027-01-04T09:00:00.000Z', steps: [{ given: [{ stream: 'Customer-acme' }] }, { actor: 'rep', command: 'CreateOpportunity' }] })
      const file = join(tempDir(), 'spec.flow.json')
      expect(await main(['flow', 'from-log', dir, '--position', '3', '--out', file])).toBe(0)
      expect(cli.err).toContain(`to ${file}`)
      expect(existsSync(`${file}.tmp`)).toBe(false)
      cli.clear()
      expect(await main(['flow', 'run', file])).toBe(0)
      expect(cli.out).toContain('flows: 1 passed, 0 failed')
      const changed = readFileSync(file, 'utf8').replace('"OpportunityQualified"', '"OpportunityCreated"')
      writeFileSync(file, changed)
      expect(await main(['flow', 'run', file])).toBe(1)
    } finally {
      await ws.close()
    }
  })

  it('refuses bad input with exit 2 and a code, a log without inputs with exit 1 (SPEC_NO_INPUT), never a stack trace', async () => {
    const { dir, ws } = await salesWorkspace()
    const events = ws.engine.store.readRange(1, 3)
    await ws.close()
    const cases: Array<[string[], number, RegExp]> = [
      [['flow', 'from-log', dir], 2, /USAGE: --position needs a log position/],
      [['flow', 'from-log', dir, '--position', 'x'], 2, /--position needs a log position \(1 or more\), not "x"/],
      [['flow', 'from-log', '--position', '1'], 2, /USAGE: flow from-log: stormbook flow from-log <workspace>/],
      [['flow', 'from-log', dir, '--position', '9'], 2, /SPEC_NO_EVENT: There is no event at position 9: the log holds positions 1 to 3/],
      [['flow', 'from-log', join(dir, 'nope'), '--position', '1'], 2, /WORKSPACE_NOT_FOUND/],
    ]
    for (const [argv, code, message] of cases) {
      cli.clear()
      expect(await main(argv), argv.join(' ')).toBe(code)
      expect(cli.err).toMatch(message)
      expect(cli.err).not.toMatch(/\n\s+at /)
    }
    // A log written before inputs were kept.
    const old = join(tempDir(), 'old')
    const ws2 = await openWorkspace(old, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    await ws2.engine.ingest(events.map((e) => ({ ...e, meta: { ...e.meta, input: undefined } })), { versions: 'keep' })
    await ws2.close()
    cli.clear()
    expect(await main(['flow', 'from-log', old, '--position', '3', '--json'])).toBe(1)
    expect(JSON.parse(cli.out.trim().split('\n').at(-1)!)).toMatchObject({ ok: false, error: { code: 'SPEC_NO_INPUT', details: { field: 'position' } } })
  })
})

describe('stormbook export --format flow', () => {
  it('writes the selection as one given/when/then flow that passes when run', async () => {
    const { dir, ws } = await salesWorkspace()
    await ws.close()
    const file = join(tempDir(), 'selection.flow.json')
    expect(await main(['export', dir, '--format', 'flow', '--from', '2', '--out', file])).toBe(0)
    const flow = JSON.parse(readFileSync(file, 'utf8'))
    expect(flow.steps).toMatchObject([{ given: [{ stream: 'Customer-acme', type: 'CustomerRegistered' }] }, { command: 'CreateOpportunity' }, { command: 'QualifyOpportunity' }])
    cli.clear()
    expect(await main(['flow', 'run', file])).toBe(0)
    expect(cli.out).toContain('flows: 1 passed')
  })
})
