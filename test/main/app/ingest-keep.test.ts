import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'

const open = (id: string) => ({ command: 'OpenAccount', data: { accountId: id, owner: 'ann' }, actor: 'ann' })
const deposit = (amount: string, id: string) => ({ command: 'Deposit', aggregate: 'Account', data: { accountId: id, amount }, actor: 'ann' })

/** A page as the server sends it: events decided on another laptop, with their streams' versions, no positions. */
async function page(...commands: unknown[]): Promise<Array<Omit<EventEnvelope, 'position'>>> {
  const other = memoryEngine([ledger], new SimulatedClock('2026-06-01T12:00:00Z'))
  for (const command of commands) {
    const result = await other.dispatch(command)
    if (!result.ok) throw new Error(result.error.message)
  }
  return other.store.readRange(1, other.store.lastPosition).map(({ position: _, ...e }) => e)
}

describe('ingest with the server\'s versions kept (a pulled page)', () => {
  it('takes a page of many streams in, in its order, each stream at the version the server gave it', async () => {
    const events = await page(open('a'), open('b'), deposit('5', 'a'), deposit('7', 'b'), deposit('1', 'a'))
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    expect(await e.ingest(events, { versions: 'keep' })).toMatchObject({ ok: true, ingested: 5, skipped: 0, position: 5 })
    expect(e.store.readRange(1, 5).map((x) => `${x.stream}@${x.version}`)).toEqual(['Account-a@1', 'Account-b@1', 'Account-a@2', 'Account-b@2', 'Account-a@3'])
    expect(e.store.readRange(1, 5).map((x) => x.id)).toEqual(events.map((x) => x.id))
  })

  it('refuses the whole page when an event does not follow its stream (CONCURRENCY_CONFLICT at the field), appending nothing', async () => {
    const events = await page(open('a'), open('b'), deposit('5', 'a'), deposit('7', 'b'), deposit('1', 'a'))
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    const gap = [events[0], events[1], events[3], events[4]] // Account-a's version 2 is missing
    const result = await e.ingest(gap, { versions: 'keep' })
    expect(result).toMatchObject({ ok: false, error: { code: 'CONCURRENCY_CONFLICT', details: { stream: 'Account-a', expectedVersion: 1, field: 'events[3].version' } } })
    expect(e.store.lastPosition).toBe(0)
    expect(events.map((x) => e.store.hasEvent(x.id))).toEqual([false, false, false, false, false])
  })
})
