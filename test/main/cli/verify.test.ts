import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { main } from '../../../main/cli/index.ts'
import { isIsoInstant } from '../../../main/cli/verify-command.ts'
import { checkpointChecksum } from '../../../main/store/checkpoints.ts'
import { encodeLine, parseLine } from '../../../main/store/line.ts'
import { captureCliOutput } from '../../support/cli-output.ts'
import { tempDir } from '../../support/workspace.ts'

const cli = captureCliOutput()

/** A workspace with a portfolio holding 1000 and two deals (150 in the pipeline), closed: checkpoints saved. */
async function workspace(): Promise<string> {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T14:00:00Z') })
  for (const command of [
    { command: 'OpenPortfolio', data: { portfolioId: 'p-1', name: 'Practice' } },
    { command: 'RequestFunds', data: { transferId: 't-1', portfolioId: 'p-1', amount: '1000', source: 'checking' } },
    { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } },
    { command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '120', closeDate: '2027-03-31', salesOwner: 'rep-7' } },
    { command: 'CreateOpportunity', data: { opportunityId: 'o-2', customerId: 'acme', name: 'Pilot', kind: 'new', amount: '30', closeDate: '2027-03-31', salesOwner: 'rep-7' } },
  ]) expect((await ws.engine.dispatch(command)).ok, JSON.stringify(command)).toBe(true)
  await ws.close()
  return dir
}

/** Rewrites a checkpoint's state and signs it again, as a forger (or a bug in a projection) would. */
function forge(dir: string, projection: string, change: (stateJson: string) => string): number {
  const folder = join(dir, 'checkpoints', projection)
  const position = Math.max(...readdirSync(folder).filter((f) => /^\d+\.json$/.test(f)).map((f) => Number(f.slice(0, -5))))
  const file = join(folder, `${position}.json`)
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: number; eventId: string; state: unknown }
  const stateJson = change(JSON.stringify(saved.state))
  const checksum = checkpointChecksum(projection, saved.version, position, saved.eventId, stateJson)
  writeFileSync(file, `{"projection":${JSON.stringify(projection)},"version":${saved.version},"position":${position},"eventId":${JSON.stringify(saved.eventId)},"checksum":"${checksum}","state":${stateJson}}`)
  return position
}

async function verify(dir: string, ...flags: string[]): Promise<{ code: number; result: Record<string, any> }> {
  cli.clear()
  const code = await main(['log', 'verify', dir, '--json', ...flags])
  return { code, result: JSON.parse(cli.out) as Record<string, any> }
}

describe('stormbook log verify --deep', () => {
  it('finds every checkpoint and the saved aggregate states equal to the fold of the log (exit 0)', async () => {
    const dir = await workspace()
    const { code, result } = await verify(dir, '--deep')
    expect(result.checkpoints).toEqual({ mismatches: 0, findings: [] })
    expect(code).toBe(0)
  })

  it('reports a signed Pipeline checkpoint that differs from the fold: projection, position and what differs (exit 1)', async () => {
    const dir = await workspace()
    const position = forge(dir, 'Pipeline', (json) => json.replaceAll('"150.00"', '"1500.00"'))
    expect((await verify(dir)).code, 'without --deep the log alone is sound').toBe(0)
    const { code, result } = await verify(dir, '--deep')
    expect(code).toBe(1)
    expect(result.checkpoints.findings).toContainEqual({ projection: 'Pipeline', position, kind: 'mismatch', what: expect.stringMatching(/^at \$\.stageTotals\.\w+\.amount: the checkpoint has "1500\.00", the log folds to "150\.00"$/) })
  })

  it('reports signed saved aggregate states whose cash differs from the fold (exit 1), in words', async () => {
    const dir = await workspace()
    const position = forge(dir, '@aggregates', (json) => json.replace('"cash":"1000.00"', '"cash":"60000000.00"'))
    expect(await main(['log', 'verify', dir, '--deep'])).toBe(1)
    expect(cli.out).toMatch(new RegExp(`MISMATCH: @aggregates at ${position}: at Portfolio-p-1\\.cash: the saved state has "60000000\\.00", the log folds to "1000\\.00"`))
    expect(cli.out).toContain('NOT OK')
  })

  it('reports a checkpoint edited after it was written (its checksum fails) as rejected (exit 1)', async () => {
    const dir = await workspace()
    const file = join(dir, 'checkpoints', 'Pipeline', readdirSync(join(dir, 'checkpoints', 'Pipeline'))[0])
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('"150.00"', '"1500.00"'))
    const { code, result } = await verify(dir, '--deep')
    expect(code).toBe(1)
    expect(result.checkpoints.findings).toEqual([expect.objectContaining({ projection: 'Pipeline', kind: 'rejected', what: expect.stringMatching(/checksum mismatch/) })])
  })
})

describe('stormbook log verify', () => {
  it('refuses an event whose `at` is not an ISO instant, naming its position (exit 1)', async () => {
    const dir = await workspace()
    const path = join(dir, 'events.jsonl')
    const last = parseLine(readFileSync(path, 'utf8').trimEnd().split('\n').pop()!)
    const next: EventEnvelope = { ...last, position: last.position + 1, id: 'e-bad', version: 2, stream: 'Customer-zz', at: 'next Tuesday' }
    appendFileSync(path, encodeLine({ ...next, version: 1 }) + '\n')
    const { code, result } = await verify(dir)
    expect(code).toBe(1)
    expect(result.badTimes).toEqual({ count: 1, first: [{ position: last.position + 1, at: 'next Tuesday' }] })
  })

  it('tells whole ISO instants from other text', () => {
    for (const good of ['2027-01-04T09:00:00.000Z', '2027-01-04T09:00:00Z', '2027-01-04T10:00:00+01:00']) expect(isIsoInstant(good), good).toBe(true)
    for (const bad of ['2027-01-04', '2027-02-30T09:00:00Z', '2027-01-04T25:00:00Z', 'next Tuesday', 12, null]) expect(isIsoInstant(bad), String(bad)).toBe(false)
  })
})
