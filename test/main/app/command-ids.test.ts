import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'
import { openLedger, tempDir } from '../../support/workspace.ts'

const open = (id: string) => ({ command: 'OpenAccount', data: { accountId: id, owner: 'ann' }, actor: 'ann' })
const deposit = (amount: string, id = 'a') => ({ command: 'Deposit', aggregate: 'Account', data: { accountId: id, amount }, actor: 'ann' })

describe('a commandId sent again', () => {
  it('with the same command answers the first result and writes nothing (whatever the key order)', async () => {
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    await e.dispatch(open('a'))
    const first = await e.dispatch({ ...deposit('5'), commandId: 'same' })
    const again = await e.dispatch({ commandId: 'same', data: { amount: '5', accountId: 'a' }, aggregate: 'Account', command: 'Deposit' })
    expect(again).toMatchObject({ ok: true, duplicate: true })
    expect(again.ok && again.events).toEqual(first.ok && first.events)
    expect(e.store.lastPosition).toBe(2)
  })

  it('with another command name, aggregate or data is refused with COMMAND_ID_REUSED and writes nothing', async () => {
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    await e.dispatch(open('a'))
    await e.dispatch({ ...deposit('5'), commandId: 'used' })
    const reused = [
      { ...open('b'), commandId: 'used' },
      { command: 'Deposit', aggregate: 'Audit', data: { auditId: 'x' }, commandId: 'used' },
      { ...deposit('6'), commandId: 'used' },
      { ...deposit('5', 'b'), commandId: 'used' },
    ]
    for (const command of reused) {
      expect(await e.dispatch(command), JSON.stringify(command)).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED', details: { field: 'commandId', commandId: 'used' } } })
    }
    expect(e.store.lastPosition).toBe(2)
  })

  it('after a reopen is still compared whole: other data on the same stream is refused', async () => {
    const dir = tempDir()
    const ws = await openLedger(dir)
    await ws.engine.dispatch(open('a'))
    await ws.engine.dispatch({ ...deposit('5'), commandId: 'used' })
    await ws.close()
    const again = await openLedger(dir)
    expect(await again.engine.dispatch({ ...deposit('5'), commandId: 'used' })).toMatchObject({ ok: true, duplicate: true })
    expect(await again.engine.dispatch({ ...open('c'), commandId: 'used' })).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } })
    expect(await again.engine.dispatch({ ...deposit('5', 'c'), commandId: 'used' })).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } })
    expect(await again.engine.dispatch({ ...deposit('6'), commandId: 'used' })).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED', message: expect.stringContaining('other data') } })
    expect(again.engine.store.lastPosition).toBe(2)
    await again.close()
  })

  it('keeps the command\'s validated data on its first event only, so the log says what was asked', async () => {
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    await e.dispatch(open('a'))
    const deposited = await e.dispatch(deposit('5'))
    expect(deposited.ok && deposited.events[0].meta.input).toEqual({ accountId: 'a', amount: '5' })
    expect(e.store.readRange(1, 1)[0].meta.input).toEqual({ accountId: 'a', owner: 'ann' })
  })
})
