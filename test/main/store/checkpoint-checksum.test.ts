import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { CheckpointFolder } from '../../../main/store/checkpoints.ts'
import { tempDir } from '../../support/workspace.ts'

const open = (dir: string) => openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T14:00:00Z') })

/** The one checkpoint file of `projection` (its newest), and a way to change its text. */
function checkpointFile(dir: string, projection: string): string {
  const files = readdirSync(join(dir, 'checkpoints', projection)).filter((f) => /^\d+\.json$/.test(f))
  const newest = files.map((f) => Number(f.slice(0, -5))).sort((a, b) => b - a)[0]
  return join(dir, 'checkpoints', projection, `${newest}.json`)
}

function tamper(file: string, from: RegExp, to: string): void {
  const text = readFileSync(file, 'utf8')
  expect(text, `${file} holds ${from}`).toMatch(from)
  writeFileSync(file, text.replace(from, to))
}

describe('checkpoints and saved states carry a checksum', () => {
  it('ignores saved aggregate states whose cash was edited: a 50,000,000 withdrawal is refused INSUFFICIENT_FUNDS', async () => {
    const dir = tempDir()
    let ws = await open(dir)
    expect((await ws.engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'p-1', name: 'Practice' } })).ok).toBe(true)
    expect((await ws.engine.dispatch({ command: 'RequestFunds', data: { transferId: 't-1', portfolioId: 'p-1', amount: '1000', source: 'checking' } })).ok).toBe(true)
    await ws.close()
    const file = checkpointFile(dir, '@aggregates')
    tamper(file, /"cash":"1000\.00"/, '"cash":"60000000.00"')

    ws = await open(dir)
    // Opening says it set the saved states aside and rebuilt them.
    expect(ws.report.problems).toEqual([expect.objectContaining({ code: 'CHECKPOINT_REJECTED', details: expect.objectContaining({ projection: '@aggregates' }) })])
    expect(ws.report.problems?.[0].message).toMatch(/saved aggregate states at event \d+ did not match its checksum/)
    const withdrawal = await ws.engine.dispatch({ command: 'SendFunds', aggregate: 'Portfolio', data: { portfolioId: 'p-1', transferId: 't-2', amount: '50000000', destination: 'IBAN DE00' } })
    expect(withdrawal).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS', details: { availableCash: '1000.00' } } })
    await ws.close()
    expect(existsSync(`${file}.rejected`), 'the tampered file is kept aside').toBe(true)
  })

  it('ignores a Pipeline checkpoint whose amounts were edited: the Pipeline query answers the true amounts', async () => {
    const dir = tempDir()
    let ws = await open(dir)
    for (const command of [
      { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } },
      { command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '120', closeDate: '2027-03-31', salesOwner: 'rep-7' } },
      { command: 'CreateOpportunity', data: { opportunityId: 'o-2', customerId: 'acme', name: 'Pilot', kind: 'new', amount: '30', closeDate: '2027-03-31', salesOwner: 'rep-7' } },
    ]) expect((await ws.engine.dispatch(command)).ok).toBe(true)
    const truth = ws.engine.query('Pipeline')
    expect(JSON.stringify(truth)).toContain('150.00')
    await ws.close()
    tamper(checkpointFile(dir, 'Pipeline'), /"150\.00"/g, '"1500.00"')

    ws = await open(dir)
    expect(ws.engine.query('Pipeline')).toEqual(truth)
    await ws.close()
  })

  it('loads an untouched checkpoint, and lists each rejected one with projection, position and reason', () => {
    const dir = tempDir()
    const folder = new CheckpointFolder(dir)
    folder.save('Balances', 1, 7, 'e-7', '{"a":"5.00"}')
    folder.save('Balances', 1, 9, 'e-9', '{"a":"6.00"}')
    expect(folder.load('Balances', 7)).toEqual({ projection: 'Balances', version: 1, position: 7, eventId: 'e-7', state: { a: '5.00' } })
    const nine = join(dir, 'Balances', '9.json')
    writeFileSync(nine, readFileSync(nine, 'utf8').replace('"e-9"', '"e-8"')) // tied to its event id
    expect(folder.load('Balances', 9)).toBeUndefined()
    writeFileSync(join(dir, 'Balances', '11.json'), '{"projection":"Balances","version":1,"position":11,"eventId":"e-11","state":{}}')
    const reopened = new CheckpointFolder(dir)
    expect(reopened.load('Balances', 11)).toBeUndefined() // written without a checksum: refolded
    expect(folder.rejected).toEqual([{ projection: 'Balances', position: 9, reason: expect.stringMatching(/checksum mismatch/) }])
    expect(reopened.rejected).toEqual([{ projection: 'Balances', position: 11, reason: expect.stringMatching(/no checksum/) }])
    expect(reopened.nearest('Balances', 100)).toBe(7) // rejected ones are forgotten
  })

  it('still reads a checkpoint written with a sha256 checksum (before session 6), and refuses one edited since', () => {
    const dir = tempDir()
    const header = 'stormbook-checkpoint/1\nBalances\n1\n7\ne-7\n'
    const state = '{"a":"5.00"}'
    const sum = `sha256:${createHash('sha256').update(header).update(state).digest('hex')}`
    mkdirSync(join(dir, 'Balances'), { recursive: true })
    writeFileSync(join(dir, 'Balances', '7.json'), `{"projection":"Balances","version":1,"position":7,"eventId":"e-7","checksum":"${sum}","state":${state}}`)
    writeFileSync(join(dir, 'Balances', '9.json'), `{"projection":"Balances","version":1,"position":9,"eventId":"e-7","checksum":"${sum}","state":${state}}`)
    const folder = new CheckpointFolder(dir)
    expect(folder.load('Balances', 7)).toEqual({ projection: 'Balances', version: 1, position: 7, eventId: 'e-7', state: { a: '5.00' } })
    expect(folder.load('Balances', 9), 'the checksum ties it to position 7').toBeUndefined()
    folder.save('Balances', 1, 11, 'e-11', state)
    expect(readFileSync(join(dir, 'Balances', '11.json'), 'utf8')).toMatch(/"checksum":"crc32:[0-9a-f]{8}"/)
  })

  it('removes the temporary files a kill left, unless opened read-only', () => {
    const dir = tempDir()
    new CheckpointFolder(dir).save('Balances', 1, 7, 'e-7', '{}')
    writeFileSync(join(dir, 'Balances', '9.json.tmp'), '{"proj')
    new CheckpointFolder(dir, true)
    expect(readdirSync(join(dir, 'Balances')).sort()).toEqual(['7.json', '9.json.tmp'])
    new CheckpointFolder(dir)
    expect(readdirSync(join(dir, 'Balances'))).toEqual(['7.json'])
  })
})
