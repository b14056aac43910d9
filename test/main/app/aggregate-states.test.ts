import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { BoundedContext } from '../../../domain/kernel/index.ts'
import { sales } from '../../../domain/sales/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine, openWorkspace } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlow } from '../../../main/flows/runner.ts'
import { openLedger, tempDir } from '../../support/workspace.ts'

const clock = () => new SimulatedClock('2027-01-04T09:00:00Z')
const open = (dir: string, with_: readonly BoundedContext[] = contexts) => openWorkspace(dir, { contexts: with_, clock: clock() })
const aggregatesDir = (dir: string) => join(dir, 'checkpoints', '@aggregates')

async function dealWorkspace(dir: string): Promise<void> {
  const ws = await open(dir)
  for (const command of [
    { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } },
    { command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' } },
    { command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '200' } },
  ]) {
    const result = await ws.engine.dispatch(command)
    expect(result.ok, JSON.stringify(result)).toBe(true)
  }
  await ws.close()
}

/** Counts reads of streams from the log, by the version they read after. */
function watchStreamReads(ws: Awaited<ReturnType<typeof open>>) {
  return vi.spyOn(ws.engine.store, 'readStreamAfter')
}

describe('aggregate states saved beside the checkpoints', () => {
  it('after a reopen, the first command on an aggregate decides from the saved state without reading its stream', async () => {
    const dir = tempDir()
    await dealWorkspace(dir)
    expect(readdirSync(aggregatesDir(dir))).toEqual(['3.json'])
    const ws = await open(dir)
    const reads = watchStreamReads(ws)
    const same = await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '200' } })
    expect(same).toMatchObject({ ok: true, events: [] }) // the amount is already 200: nothing to record
    const changed = await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '250' } })
    expect(changed).toMatchObject({ ok: true, events: [{ version: 3, data: { changes: { amount: { from: '200.00', to: '250.00' } } } }] })
    expect(reads).not.toHaveBeenCalled()
    await ws.close()
    expect(readdirSync(aggregatesDir(dir))).toEqual(['4.json']) // only the newest are kept
  })

  it('saved states behind the log are topped up with the newer events only', async () => {
    const dir = tempDir()
    await dealWorkspace(dir)
    const old = readFileSync(join(aggregatesDir(dir), '3.json'))
    let ws = await open(dir)
    expect((await ws.engine.dispatch({ command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } })).ok).toBe(true)
    expect((await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '300' } })).ok).toBe(true)
    await ws.close()
    // As if the process had died before saving again: only the states as of position 3 are there.
    rmSync(aggregatesDir(dir), { recursive: true })
    mkdirSync(aggregatesDir(dir))
    writeFileSync(join(aggregatesDir(dir), '3.json'), old)
    ws = await open(dir)
    const reads = watchStreamReads(ws)
    const result = await ws.engine.dispatch({ command: 'SendProposal', data: { opportunityId: 'o-1' } })
    expect(result).toMatchObject({ ok: true, events: [{ type: 'ProposalSent', version: 5 }] })
    expect(reads).toHaveBeenCalledWith('Opportunity-o-1', 2)
    expect(reads.mock.results[0].value).toHaveLength(2)
    await ws.close()
  })

  it('states saved for another log are not used (a deal lost there is not open here)', async () => {
    const here = tempDir()
    const there = tempDir()
    await dealWorkspace(there)
    let ws = await open(here)
    await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '100', closeDate: '2027-03-31', salesOwner: 'rep-7' } })
    await ws.engine.dispatch({ command: 'CloseOpportunity', data: { opportunityId: 'o-1', outcome: 'lost', reason: 'budget' } })
    await ws.close()
    rmSync(aggregatesDir(here), { recursive: true })
    cpSync(aggregatesDir(there), aggregatesDir(here), { recursive: true })
    ws = await open(here)
    const result = await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '999' } })
    expect(result).toMatchObject({ ok: false, error: { code: 'OPPORTUNITY_CLOSED' } })
    await ws.close()
    const saved = JSON.parse(readFileSync(join(aggregatesDir(here), `${readdirSync(aggregatesDir(here))[0]}`), 'utf8'))
    expect(saved.state.streams['Opportunity-o-1']).toMatchObject({ version: 2, state: { stage: 'closed_lost' } })
  })

  it('a damaged file of saved states is ignored: the open works and states come from the log', async () => {
    const dir = tempDir()
    await dealWorkspace(dir)
    writeFileSync(join(aggregatesDir(dir), '3.json'), '{"projection":"@aggregates","version":1,"position":3,"eventId":"x","state":{"streams":{"Opportunity-o-1":')
    let ws = await open(dir)
    const reads = watchStreamReads(ws)
    expect(await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '250' } })).toMatchObject({ ok: true, events: [{ version: 3 }] })
    expect(reads).toHaveBeenCalledWith('Opportunity-o-1', 0)
    await ws.close()
    // Parseable but wrong: entries that are not states of a known aggregate are left out.
    const eventId = JSON.parse(readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n')[3]).id
    writeFileSync(join(aggregatesDir(dir), '4.json'), JSON.stringify({ projection: '@aggregates', version: 1, position: 4, eventId, state: { aggregates: { Opportunity: 1 }, streams: { 'Opportunity-o-1': { aggregate: 'Nope', version: 2, state: {} }, 'Customer-acme': null, 'Opportunity-o-2': { aggregate: 'Opportunity', version: 'x' } } } }))
    ws = await open(dir)
    expect(await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '300' } })).toMatchObject({ ok: true, events: [{ version: 4, data: { changes: { amount: { from: '250.00' } } } }] })
    await ws.close()
  })

  it('states saved by another version of an aggregate are refolded from the log', async () => {
    const dir = tempDir()
    await dealWorkspace(dir)
    const bumped: BoundedContext[] = contexts.map((c) =>
      c === sales ? { ...c, aggregates: c.aggregates.map((a) => (a.name === 'Opportunity' ? { ...a, version: 2 } : a)) } : c,
    )
    const ws = await open(dir, bumped)
    const reads = watchStreamReads(ws)
    const result = await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '250' } })
    expect(result).toMatchObject({ ok: true, events: [{ version: 3, data: { changes: { amount: { from: '200.00' } } } }] })
    expect(reads).toHaveBeenCalledWith('Opportunity-o-1', 0)
    await ws.close()
  })

  it('a log cut short (torn last line) never uses states from beyond its end', async () => {
    const dir = tempDir()
    await dealWorkspace(dir)
    const log = join(dir, 'events.jsonl')
    truncateSync(log, statSync(log).size - 20) // the UpdateOpportunity line is torn
    const ws = await open(dir)
    expect(ws.report.tornFile).toBeDefined()
    const result = await ws.engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '200' } })
    expect(result).toMatchObject({ ok: true, events: [{ version: 2, data: { changes: { amount: { from: '100.00', to: '200.00' } } } }] })
    await ws.close()
  })

  it('an opening scan that starts before the saved states (projection checkpoints gone) does not fold their events twice', async () => {
    const dir = tempDir()
    let ws = await openLedger(dir)
    for (const command of [
      { command: 'OpenAccount', data: { accountId: 'a1', owner: 'ana' } },
      { command: 'Deposit', aggregate: 'Account', data: { accountId: 'a1', amount: '5' } },
      { command: 'Deposit', aggregate: 'Account', data: { accountId: 'a1', amount: '7' } },
    ]) expect((await ws.engine.dispatch(command)).ok).toBe(true)
    await ws.close()
    rmSync(join(dir, 'checkpoints', 'Balances'), { recursive: true }) // the scan now reads from position 1
    ws = await openLedger(dir)
    expect((await ws.engine.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a1', amount: '1' } })).ok).toBe(true)
    await ws.close()
    const [file] = readdirSync(aggregatesDir(dir))
    const saved = JSON.parse(readFileSync(join(aggregatesDir(dir), file), 'utf8'))
    expect(saved.state.streams['Account-a1']).toEqual({ aggregate: 'Account', version: 4, state: { exists: true, balance: '13.00', bonuses: 0 } })
  })

  it('every aggregate state of every sample flow survives the JSON round trip it is saved with', async () => {
    const folder = join(import.meta.dirname, '../../../flows')
    let streams = 0
    for (const file of readdirSync(folder)) {
      const flowClock = clock()
      const engine = memoryEngine(contexts, flowClock)
      const flow = parseFlow(readFileSync(join(folder, file), 'utf8'))
      await runFlow(flow, engine, flowClock)
      const all = engine.store.readRange(1, engine.store.lastPosition)
      for (const stream of new Set(all.map((e) => e.stream))) {
        const aggregate = engine.registry.aggregate(stream.slice(0, stream.indexOf('-')))?.aggregate
        if (!aggregate) continue
        let state = aggregate.decider.initialState
        for (const event of engine.store.readStream(stream)) state = aggregate.decider.evolve(state, event)
        expect(JSON.parse(JSON.stringify(state)), `${file}: ${stream}`).toStrictEqual(state)
        streams++
      }
    }
    expect(streams).toBeGreaterThan(20)
  })
})
