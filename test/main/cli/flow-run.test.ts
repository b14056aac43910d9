import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../main/cli/index.ts'
import { acquireLock } from '../../../main/store/lock.ts'
import { captureCliOutput } from '../../support/cli-output.ts'
import { tempDir } from '../../support/workspace.ts'

const cli = captureCliOutput()

function flowFile(dir: string, flow: unknown, name = 'x.flow.json'): string {
  const path = join(dir, name)
  writeFileSync(path, typeof flow === 'string' ? flow : JSON.stringify(flow, null, 2))
  return path
}

const register = { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }
const create = (amount: unknown) => ({ actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount, closeDate: '2027-03-31', salesOwner: 'rep' } })

describe('stormbook flow run', () => {
  it('passes every sample flow shipped in flows/', async () => {
    const { readdirSync } = await import('node:fs')
    const files = readdirSync('flows').filter((f) => f.endsWith('.flow.json')).map((f) => join('flows', f))
    expect(files.length).toBeGreaterThanOrEqual(3)
    expect(await main(['flow', 'run', ...files])).toBe(0)
    expect(cli.out).toMatch(new RegExp(`flows: ${files.length} passed, 0 failed`))
  })

  it('exits 1 on a failed expectation and prints what was expected beside what happened, field by field in words', async () => {
    const dir = tempDir()
    const file = flowFile(dir, { flow: 'wrong', steps: [register, { ...create('100'), expect: { events: [{ type: 'OpportunityCreated', data: { stage: 'proposal' } }] } }, { ...register, expect: { rejected: 'NOT_QUALIFIED' } }] })
    expect(await main(['flow', 'run', file])).toBe(1)
    expect(cli.out).toContain('FAIL wrong')
    expect(cli.out).toMatch(/✗ {2}2\. rep: CreateOpportunity → OpportunityCreated/)
    expect(cli.out).toContain('events: OpportunityCreated data.stage: expected proposal, got prospecting')
    expect(cli.out).not.toContain('{"type"')
    expect(cli.out).toContain('expected rejection NOT_QUALIFIED, got CUSTOMER_EXISTS')
  })

  it('fails a command step that is rejected without expecting it', async () => {
    const dir = tempDir()
    const file = flowFile(dir, { flow: 'unexpected', steps: [{ actor: 'rep', command: 'QualifyOpportunity', data: { opportunityId: 'nope' } }] })
    expect(await main(['flow', 'run', file])).toBe(1)
    expect(cli.out).toContain('rejected UNKNOWN_OPPORTUNITY')
  })

  it('exits 2 on a malformed file with the JSON path of the problem, and runs nothing', async () => {
    const dir = tempDir()
    const cases: Array<[unknown, string]> = [
      [{ flow: 'f', steps: [register, register, register, create(-5)] }, 'steps[3].data.amount'],
      [{ flow: 'f', steps: [register, { advance: 'three days' }] }, 'steps[1].advance'],
      [{ flow: 'f', steps: [{ ...register, expect: { rejected: 'lower' } }] }, 'steps[0].expect.rejected'],
      [{ flow: 'f', steps: [{ comand: 'X' }] }, 'steps[0]'],
      [{ flow: 'f', steps: [{ ...register, colour: 'red' }] }, 'steps[0].colour'],
      [{ flow: 'f', steps: [{ command: 'Regster', data: {} }] }, 'steps[0].command'],
      [{ flow: 'f', steps: [{ query: 'Nope', expect: { result: {} } }] }, 'steps[0].query'],
      [{ flow: 'f', steps: [{ market: { acme: '1' } }] }, 'steps[0].market.acme'],
      [{ steps: [register] }, 'flow'],
      [{ flow: 'f', start: 'yesterday', steps: [register] }, 'start'],
      ['{ "flow": ', '(file)'],
    ]
    for (const [flow, path] of cases) {
      cli.clear()
      const file = flowFile(dir, flow)
      expect(await main(['flow', 'run', file, '--json'])).toBe(2)
      const report = JSON.parse(cli.out.trim())
      expect(report.flows[0]).toMatchObject({ status: 'malformed', error: { code: 'FLOW_INVALID', details: { field: path } } })
    }
  })

  it('accepts an invalid payload in a step that expects its rejection', async () => {
    const dir = tempDir()
    const file = flowFile(dir, { flow: 'f', steps: [register, { ...create('abc'), expect: { rejected: 'INVALID_AMOUNT' } }] })
    expect(await main(['flow', 'run', file])).toBe(0)
  })

  it('reports JSON with every step, its events and the hotspots pinned to positions', async () => {
    const dir = tempDir()
    const file = flowFile(dir, { flow: 'json', steps: [register, { hotspot: 'why?' }, create('10')] })
    expect(await main(['flow', 'run', file, '--json'])).toBe(0)
    const report = JSON.parse(cli.out.trim())
    expect(report).toMatchObject({ passed: 1, failed: 0, malformed: 0 })
    expect(report.flows[0].report.hotspots).toEqual([{ note: 'why?', position: 1, step: 1 }])
    expect(report.flows[0].report.steps[2].events[0]).toMatchObject({ position: 2, type: 'OpportunityCreated', actor: 'rep', policy: null })
  })

  it('prints a step note under the step', async () => {
    const dir = tempDir()
    const file = flowFile(dir, { flow: 'noted', steps: [{ ...register, note: 'The rep meets Acme at a fair.' }] })
    expect(await main(['flow', 'run', file])).toBe(0)
    expect(cli.out).toContain('note: The rep meets Acme at a fair.')
  })

  it('runs into a workspace a second time writing nothing, and names the ids that already exist', async () => {
    const dir = tempDir()
    const ws = join(dir, 'ws')
    const file = flowFile(dir, { flow: 'twice', steps: [register, create('10')] })
    expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(0)
    cli.clear()
    expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(1)
    expect(cli.out).toContain('Nothing was written: customer acme already exists; opportunity o-1 already exists.')
    cli.clear()
    expect(await main(['log', 'verify', ws, '--json'])).toBe(0)
    expect(JSON.parse(cli.out.trim())).toMatchObject({ events: 2 })
  })

  it('runs into a workspace folder that keeps the events, and log verify checks it', async () => {
    const dir = tempDir()
    const ws = join(dir, 'ws')
    const file = flowFile(dir, { flow: 'keep', steps: [register, create('10')] })
    expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(0)
    cli.clear()
    expect(await main(['log', 'verify', ws, '--json'])).toBe(0)
    expect(JSON.parse(cli.out.trim())).toMatchObject({ ok: true, events: 2, streams: 2, byType: { CustomerRegistered: 1, OpportunityCreated: 1 } })
  })

  it('refuses a workspace another Stormbook holds, naming it, and takes it over only with --take-over', async () => {
    const dir = tempDir()
    const ws = join(dir, 'ws')
    const file = flowFile(dir, { flow: 'keep', steps: [register] })
    expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(0)
    // This process holds the lock, as a running app would.
    const release = acquireLock(ws, () => '2027-01-04T09:00:00Z')
    try {
      cli.clear()
      expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(2)
      expect(cli.out + cli.err).toMatch(/another Stormbook/)
      const second = flowFile(dir, { flow: 'more', steps: [{ ...register, data: { customerId: 'globex', name: 'Globex' } }] }, 'y.flow.json')
      expect(await main(['flow', 'run', second, '--workspace', ws, '--take-over'])).toBe(0)
    } finally {
      release()
    }
  })

  it('log verify reports a damaged line and exits 1', async () => {
    const dir = tempDir()
    cpSync(join(import.meta.dirname, '../../fixtures/workspace-v1'), dir, { recursive: true })
    expect(await main(['log', 'verify', dir, '--json'])).toBe(0)
    expect(JSON.parse(cli.out.trim())).toMatchObject({ ok: true, events: 2, olderSchema: 1 })
    const { readFileSync } = await import('node:fs')
    const path = join(dir, 'events.jsonl')
    writeFileSync(path, readFileSync(path, 'utf8').replace('"medium"', '"high"'))
    cli.clear()
    expect(await main(['log', 'verify', dir])).toBe(1)
    expect(cli.out).toContain('DAMAGED: line 2: crc mismatch')
  })

  it('says how to use it on a wrong command line (exit 2)', async () => {
    expect(await main(['flow', 'fly'])).toBe(2)
    expect(cli.err).toContain('Usage:')
    expect(await main(['flow', 'run'])).toBe(2)
    expect(await main(['log', 'verify', '/nonexistent/place'])).toBe(2)
  })
})

describe('stormbook market import', () => {
  it('keeps a valid CSV in the workspace, refuses a bad one naming line and column, and writes nothing then', async () => {
    const dir = tempDir()
    const ws = join(dir, 'ws')
    const file = flowFile(dir, { flow: 'make', steps: [register] })
    expect(await main(['flow', 'run', file, '--workspace', ws])).toBe(0)
    const good = join(dir, 'acme.csv')
    writeFileSync(good, 'date,open,high,low,close,volume\n2027-01-04,10,11,9,10.5,100\n2027-01-05,10.5,12,10,11,200\n')
    cli.clear()
    expect(await main(['market', 'import', ws, 'ACME', good, '--json'])).toBe(0)
    expect(JSON.parse(cli.out.trim())).toEqual({ ok: true, symbol: 'ACME', bars: 2, from: '2027-01-04', to: '2027-01-05' })
    const { loadMarket } = await import('../../../main/app/market-files.ts')
    const market = loadMarket(ws, 1)
    market.replay('2027-01-05T21:00:00.000Z')
    expect(market.get('ACME')?.price).toBe('11.00')
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'date,open,high,low,close,volume\n2027-01-04,10,11,9,oops,100\n')
    cli.clear()
    expect(await main(['market', 'import', ws, 'GLOBEX', bad])).toBe(1)
    expect(cli.out).toContain('CSV_INVALID: line 2, column close')
    const { existsSync } = await import('node:fs')
    expect(existsSync(join(ws, 'market', 'GLOBEX.csv'))).toBe(false)
    expect(await main(['market', 'import', ws, 'ACME'])).toBe(2)
  })
})
