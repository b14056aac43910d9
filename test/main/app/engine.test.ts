import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { ledger } from '../../support/ledger-context.ts'
import { openLedger, tempDir } from '../../support/workspace.ts'

function engine() {
  return memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
}
const open = (id = 'a') => ({ command: 'OpenAccount', data: { accountId: id, owner: 'ann' }, actor: 'ann' })
const deposit = (amount: string, id = 'a') => ({ command: 'Deposit', aggregate: 'Account', data: { accountId: id, amount }, actor: 'ann' })

describe('dispatch', () => {
  it('refuses a payload that does not fit its schema with the field named, and writes nothing', async () => {
    const e = engine()
    await e.dispatch(open())
    expect(await e.dispatch({ command: 'OpenAccount', data: { accountId: 'b' } })).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND', details: { field: 'owner' } } })
    expect(await e.dispatch({ command: 'OpenAccount', data: { accountId: 'b', owner: 'x', colour: 'red' } })).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND', details: { field: 'colour' } } })
    expect(await e.dispatch(deposit('-5'))).toMatchObject({ ok: false, error: { code: 'INVALID_AMOUNT', details: { field: 'amount' } } })
    expect(await e.dispatch({ command: 'OpenAccount', data: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND', details: { field: 'data' } } })
    expect(await e.dispatch({ command: 'OpenAccount', data: {}, expectedVersion: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND', details: { field: 'expectedVersion' } } })
    expect(await e.dispatch(null)).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND' } })
    expect(e.store.lastPosition).toBe(1)
  })

  it('names the candidates of an unknown or ambiguous command', async () => {
    const e = engine()
    expect(await e.dispatch({ command: 'Deposit', data: { accountId: 'a', amount: '1' } })).toMatchObject({
      ok: false, error: { code: 'AMBIGUOUS_COMMAND', details: { field: 'aggregate', candidates: ['Account', 'Audit'] } },
    })
    const unknown = await e.dispatch({ command: 'Depositt', data: {} })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND', details: { field: 'command' } } })
    expect(unknown.ok === false && unknown.error.details?.candidates).toContain('Deposit')
    expect(await e.dispatch({ command: 'Deposit', aggregate: 'Nowhere', data: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND', details: { candidates: ['Account', 'Audit'] } } })
  })

  it('returns a rule rejection with its code and writes nothing', async () => {
    const e = engine()
    expect(await e.dispatch(deposit('5'))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACCOUNT' } })
    expect(e.store.lastPosition).toBe(0)
  })

  it('refuses a policy-only command from an actor', async () => {
    const e = engine()
    await e.dispatch(open())
    expect(await e.dispatch({ command: 'GrantBonus', data: { accountId: 'a', amount: '10' } })).toMatchObject({ ok: false, error: { code: 'POLICY_ONLY' } })
  })

  it('writes envelopes with gap-free positions and versions, the clock time and who issued them', async () => {
    const e = engine()
    await e.dispatch(open('a'))
    await e.dispatch(open('b'))
    const r = await e.dispatch(deposit('7', 'a'))
    expect(r.ok && r.events[0]).toMatchObject({ position: 3, stream: 'Account-a', version: 2, type: 'Deposited', at: '2027-01-04T09:00:00.000Z', meta: { actor: 'ann', policy: null, command: 'Deposit', aggregate: 'Account', context: 'ledger', schema: 1 } })
    expect(e.store.readRange(1, 3).map((x) => [x.position, x.stream, x.version])).toEqual([[1, 'Account-a', 1], [2, 'Account-b', 1], [3, 'Account-a', 2]])
  })

  it('runs the policy cascade FIFO with policy, causation and correlation, and records a refused policy command', async () => {
    const e = engine()
    await e.dispatch(open())
    const r = await e.dispatch({ ...deposit('1500'), commandId: 'cmd-1' })
    if (!r.ok) throw new Error(r.error.message)
    const [dep, bonus, refused] = r.events
    expect(r.events.map((x) => x.type)).toEqual(['Deposited', 'BonusGranted', 'PolicyCommandRejected'])
    expect(dep.meta).toMatchObject({ commandId: 'cmd-1', causationId: 'cmd-1', correlationId: 'cmd-1', actor: 'ann' })
    expect(bonus.meta).toMatchObject({ policy: 'BonusOnBigDeposit', actor: null, causationId: dep.id, correlationId: 'cmd-1', commandId: `${dep.id}/BonusOnBigDeposit/0` })
    expect(refused).toMatchObject({ stream: 'Policy-FreezeOnBonus', data: { policy: 'FreezeOnBonus', command: 'Freeze', data: { accountId: 'a' }, code: 'CANNOT_FREEZE' }, meta: { causationId: bonus.id, correlationId: 'cmd-1' } })
  })

  it('answers a repeated commandId with the first result and writes nothing', async () => {
    const e = engine()
    await e.dispatch(open())
    const first = await e.dispatch({ ...deposit('1500'), commandId: 'same' })
    const again = await e.dispatch({ ...deposit('1500'), commandId: 'same' })
    expect(again).toMatchObject({ ok: true, duplicate: true })
    expect(again.ok && again.events.map((x) => x.id)).toEqual(first.ok && first.events.map((x) => x.id))
    expect(e.store.lastPosition).toBe(4)
  })

  it('refuses a stale expectedVersion with CONCURRENCY_CONFLICT', async () => {
    const e = engine()
    await e.dispatch(open())
    expect(await e.dispatch({ ...deposit('5'), expectedVersion: 1 })).toMatchObject({ ok: true })
    expect(await e.dispatch({ ...deposit('5'), expectedVersion: 1 })).toMatchObject({ ok: false, error: { code: 'CONCURRENCY_CONFLICT', details: { expectedVersion: 1, actualVersion: 2 } } })
  })

  it('takes concurrent commands one at a time, in arrival order', async () => {
    const e = engine()
    await e.dispatch(open())
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => e.dispatch({ ...deposit(String(i + 1)), expectedVersion: i + 1 })))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(e.store.readRange(2, 33).map((x) => x.data.amount)).toEqual(Array.from({ length: 32 }, (_, i) => `${i + 1}.00`))
  })

  it('tells subscribers of new events once they are durable, and keeps going when one throws', async () => {
    const e = engine()
    const seen: string[] = []
    e.subscribe(() => {
      throw new Error('a broken subscriber')
    })
    const off = e.subscribe((events: readonly EventEnvelope[]) => seen.push(...events.map((x) => x.type)))
    await e.dispatch(open())
    await e.dispatch(deposit('1500'))
    off()
    await e.dispatch(deposit('1'))
    expect(seen).toEqual(['AccountOpened', 'Deposited', 'BonusGranted', 'PolicyCommandRejected'])
  })
})

describe('queries', () => {
  it('validates params and names unknown queries', () => {
    const e = engine()
    expect(e.query('Balance', { accountId: 3 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'accountId' } } })
    expect(e.query('Nope')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_QUERY' } })
    expect(e.query('Total', {}, { asOf: -2 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', details: { field: 'asOf' } } })
  })

  it('answers as of any position (time travel), from checkpoints and folds', async () => {
    const dir = tempDir()
    const ws = await openLedger(dir, { checkpointEvery: 4 })
    await ws.engine.dispatch(open())
    for (let i = 1; i <= 20; i++) await ws.engine.dispatch(deposit(String(i)))
    const expected = (n: number) => String((n * (n + 1)) / 2) + '.00'
    for (const p of [1, 2, 5, 8, 9, 13, 21]) {
      expect(ws.engine.query('Balance', { accountId: 'a' }, { asOf: p })).toEqual({ ok: true, value: { owner: 'ann', balance: expected(p - 1), events: p } })
    }
    expect(ws.engine.query('History', { accountId: 'a' }, { asOf: 3 })).toEqual({ ok: true, value: ['AccountOpened', 'Deposited', 'Deposited'] })
    expect(ws.engine.query('Balance', { accountId: 'a' }, { asOf: 0 })).toEqual({ ok: true, value: null })
    await ws.close()
    const again = await openLedger(dir, { checkpointEvery: 4 })
    expect(again.engine.query('Balance', { accountId: 'a' }, { asOf: 10 })).toEqual({ ok: true, value: { owner: 'ann', balance: expected(9), events: 10 } })
    expect(again.engine.query('Balance', { accountId: 'a' })).toEqual({ ok: true, value: { owner: 'ann', balance: expected(20), events: 21 } })
    await again.close()
  })
})

describe('reopening', () => {
  it('rebuilds aggregates and read models from the log (and ignores a checkpoint from another log)', async () => {
    const dir = tempDir()
    let ws = await openLedger(dir)
    await ws.engine.dispatch(open())
    await ws.engine.dispatch(deposit('1500'))
    await ws.close()
    ws = await openLedger(dir)
    expect(ws.engine.query('Balance', { accountId: 'a' })).toEqual({ ok: true, value: { owner: 'ann', balance: '1510.00', events: 3 } })
    expect(await ws.engine.dispatch(open())).toMatchObject({ ok: false, error: { code: 'ACCOUNT_EXISTS' } })
    await ws.close()
  })
})

describe('checkpoints', () => {
  it('keeps one per interval plus the newest, however often the workspace is opened and closed', async () => {
    const dir = tempDir()
    for (let round = 0; round < 4; round++) {
      const ws = await openLedger(dir, { checkpointEvery: 5 })
      if (round === 0) await ws.engine.dispatch(open())
      for (let i = 0; i < 3; i++) await ws.engine.dispatch(deposit('1'))
      await ws.close()
    }
    const { readdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const files = readdirSync(join(dir, 'checkpoints', 'Balances')).map((f) => Number(f.replace('.json', ''))).sort((a, b) => a - b)
    expect(files).toEqual([5, 10, 13])
  })
})

describe('per-projection checkpoint intervals', () => {
  it('checkpoints a projection at its own interval and answers as of positions between them', async () => {
    const { openWorkspace } = await import('../../../main/app/workspace.ts')
    const { contexts } = await import('../../../main/app/contexts.ts')
    const { PipelineProjection } = await import('../../../domain/sales/index.ts')
    const { readdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const dir = tempDir()
    const original = PipelineProjection.checkpointEvery
    PipelineProjection.checkpointEvery = 3
    try {
      const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z'), checkpointEvery: 1000 })
      await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c', name: 'C' } })
      for (let i = 0; i < 4; i++) {
        await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: `o${i}`, customerId: 'c', name: 'D', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'r' } })
        await ws.engine.dispatch({ command: 'QualifyOpportunity', data: { opportunityId: `o${i}` } })
      }
      ws.engine.checkpointsOnDisk()
      const files = readdirSync(join(dir, 'checkpoints', 'Pipeline')).map((f) => Number(f.replace('.json', ''))).sort((a, b) => a - b)
      expect(files).toEqual([3, 6, 9])
      expect(() => readdirSync(join(dir, 'checkpoints', 'SalesBook'))).toThrow()
      const stage = (asOf: number, name: string) => {
        const r = ws.engine.query('Pipeline', {}, { asOf })
        return r.ok ? (r.value as { stages: Array<{ stage: string; count: number }> }).stages.find((s) => s.stage === name)!.count : -1
      }
      expect([2, 3, 4, 5, 7, 8].map((p) => stage(p, 'qualification'))).toEqual([0, 1, 1, 2, 3, 3])
      expect([2, 3, 4, 5, 7, 8].map((p) => stage(p, 'prospecting'))).toEqual([1, 0, 1, 0, 0, 1])
      await ws.close()
    } finally {
      PipelineProjection.checkpointEvery = original
    }
  })
})
