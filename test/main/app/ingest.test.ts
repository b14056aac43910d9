import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'
import { openLedger, tempDir } from '../../support/workspace.ts'

const clock = () => new SimulatedClock('2027-01-04T09:00:00Z')
const open = (id: string) => ({ command: 'OpenAccount', data: { accountId: id, owner: 'ann' }, actor: 'ann' })
const deposit = (amount: string, id = 'a') => ({ command: 'Deposit', aggregate: 'Account', data: { accountId: id, amount }, actor: 'ann' })

/** Events decided by another engine (another machine's log). */
async function elsewhere(...commands: unknown[]): Promise<EventEnvelope[]> {
  const other = memoryEngine([ledger], new SimulatedClock('2026-06-01T12:00:00Z'))
  for (const command of commands) {
    const result = await other.dispatch(command)
    if (!result.ok) throw new Error(result.error.message)
  }
  return other.store.readRange(1, other.store.lastPosition)
}

describe('ingest: events decided elsewhere', () => {
  it('appends them with local positions and stream versions, keeping id, type, data, meta and at', async () => {
    const remote = await elsewhere(open('a'), deposit('5'))
    const e = memoryEngine([ledger], clock())
    await e.dispatch(open('b'))
    const result = await e.ingest(remote)
    expect(result).toMatchObject({ ok: true, ingested: 2, skipped: 0, position: 3 })
    const local = e.store.readRange(2, 3)
    expect(local.map((x) => [x.position, x.stream, x.version])).toEqual([[2, 'Account-a', 1], [3, 'Account-a', 2]])
    local.forEach((x, i) => expect({ id: x.id, type: x.type, data: x.data, meta: x.meta, at: x.at }).toEqual({ id: remote[i].id, type: remote[i].type, data: remote[i].data, meta: remote[i].meta, at: remote[i].at }))
  })

  it('skips the ids the log already holds (a second pull of the same events writes nothing)', async () => {
    const remote = await elsewhere(open('a'), deposit('5'), deposit('6'))
    const e = memoryEngine([ledger], clock())
    expect(await e.ingest(remote.slice(0, 2))).toMatchObject({ ok: true, ingested: 2, skipped: 0, position: 2 })
    expect(await e.ingest(remote)).toMatchObject({ ok: true, ingested: 1, skipped: 2, position: 3 })
    expect(await e.ingest([remote[2], remote[2]])).toMatchObject({ ok: true, ingested: 0, skipped: 2, position: 3 })
    expect(e.store.lastPosition).toBe(3)
  })

  it('decides nothing: no policy runs on an ingested big deposit', async () => {
    const remote = await elsewhere(open('a'))
    const e = memoryEngine([ledger], clock())
    const big = { ...remote[0], id: 'big-deposit', type: 'Deposited', stream: 'Account-a', version: 2, data: { accountId: 'a', amount: '1500.00' }, meta: { ...remote[0].meta, command: 'Deposit', commandId: 'x', causationId: 'x', correlationId: 'x' } }
    const result = await e.ingest([remote[0], big])
    expect(result.ok && result.events.map((x) => x.type)).toEqual(['AccountOpened', 'Deposited'])
    expect(e.store.lastPosition).toBe(2)
  })

  it('updates read models, aggregate states and subscribers, so later commands decide from them', async () => {
    const remote = await elsewhere(open('a'), deposit('5'))
    const e = memoryEngine([ledger], clock())
    const heard: string[] = []
    e.subscribe((events) => heard.push(...events.map((x) => x.id)))
    await e.dispatch(open('z'))
    await e.ingest(remote)
    expect(heard.slice(1)).toEqual(remote.map((x) => x.id))
    expect(e.query('Balance', { accountId: 'a' })).toEqual({ ok: true, value: { owner: 'ann', balance: '5.00', events: 2 } })
    expect(await e.dispatch(open('a'))).toMatchObject({ ok: false, error: { code: 'ACCOUNT_EXISTS' } })
    const next = await e.dispatch({ ...deposit('1'), expectedVersion: 2 })
    expect(next.ok && next.events[0]).toMatchObject({ stream: 'Account-a', version: 3, position: 4 })
    expect(e.query('Balance', { accountId: 'a' })).toMatchObject({ ok: true, value: { balance: '6.00' } })
  })

  it('keeps its own copy of what it is given: changing the events afterwards, down to a nested value, changes nothing in the log', async () => {
    const remote = await elsewhere(open('a'), deposit('5'))
    const e = memoryEngine([ledger], clock())
    // The second event takes zod's path (an explicit `position: undefined`), the first the fast one.
    const given = [
      { ...remote[0], data: { ...remote[0].data, tags: ['x'] }, meta: { ...remote[0].meta, input: { nested: { n: 1 } } } },
      { ...remote[1], position: undefined, data: { ...remote[1].data, tags: ['y'] }, meta: { ...remote[1].meta, input: { nested: { n: 2 } } } },
    ]
    expect(await e.ingest(given)).toMatchObject({ ok: true, ingested: 2 })
    for (const g of given) {
      g.data.tags.push('changed')
      g.meta.input.nested.n = 99
    }
    expect(e.store.readRange(1, 2).map((x) => [x.data.tags, x.meta.input])).toEqual([[['x'], { nested: { n: 1 } }], [['y'], { nested: { n: 2 } }]])
  })

  it('continues the aggregate states it keeps, and builds none for streams no command used (folded from the log when one does)', async () => {
    const remote = await elsewhere(open('a'), deposit('5'), open('b'), deposit('7', 'b'))
    const e = memoryEngine([ledger], clock())
    expect(await e.ingest(remote.slice(0, 1))).toMatchObject({ ok: true, ingested: 1 })
    expect(await e.dispatch(open('a'))).toMatchObject({ ok: false, error: { code: 'ACCOUNT_EXISTS' } }) // Account-a's state is now kept
    expect(await e.ingest(remote)).toMatchObject({ ok: true, ingested: 3 })
    const states = (e as unknown as { states: { get(stream: string): { version: number; state: unknown } | undefined } }).states
    expect(states.get('Account-a')?.version).toBe(2)
    expect(states.get('Account-b')).toBeUndefined()
    expect(await e.dispatch({ ...deposit('2', 'b'), expectedVersion: 2 })).toMatchObject({ ok: true, events: [{ stream: 'Account-b', version: 3 }] })
    expect(await e.dispatch({ ...deposit('3', 'a'), expectedVersion: 2 })).toMatchObject({ ok: true, events: [{ stream: 'Account-a', version: 3 }] })
    expect(e.query('Balance', { accountId: 'b' })).toMatchObject({ ok: true, value: { balance: '9.00' } })
    expect(e.query('Balance', { accountId: 'a' })).toMatchObject({ ok: true, value: { balance: '8.00' } })
  })

  it('refuses a malformed event naming it, and writes nothing of the batch', async () => {
    const remote = await elsewhere(open('a'), deposit('5'))
    const e = memoryEngine([ledger], clock())
    const broken = { ...remote[1], meta: { ...remote[1].meta, schema: 'one' } }
    expect(await e.ingest([remote[0], broken])).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', details: { field: 'events[1].meta.schema' } } })
    expect(await e.ingest([{ ...remote[0], id: '' }])).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', details: { field: 'events[0].id' } } })
    expect(await e.ingest('nope')).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', details: { field: 'events' } } })
    expect(e.store.lastPosition).toBe(0)
  })

  it('is durable before it resolves, survives a reopen, and is refused read-only', async () => {
    const remote = await elsewhere(open('a'), deposit('5'))
    const dir = tempDir()
    const ws = await openLedger(dir)
    const result = await ws.engine.ingest(remote)
    expect(result).toMatchObject({ ok: true, ingested: 2 })
    expect(ws.engine.store.durablePosition).toBe(2)
    await ws.close()
    const again = await openLedger(dir)
    expect(again.report.resumed).toBe(0)
    expect(again.engine.store.readRange(1, 2).map((x) => x.id)).toEqual(remote.map((x) => x.id))
    expect(await again.engine.ingest(remote)).toMatchObject({ ok: true, ingested: 0, skipped: 2 })
    expect(again.engine.query('Total')).toEqual({ ok: true, value: { total: '5.00', count: 1 } })
    await again.close()
    const readOnly = await openLedger(dir, { readOnly: true })
    expect(await readOnly.engine.ingest(remote)).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    await readOnly.close()
  })
})
