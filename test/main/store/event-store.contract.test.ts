import { describe, expect, it } from 'vitest'
import type { EventMeta } from '../../../domain/kernel/index.ts'
import type { NewEvent } from '../../../main/store/event-store.ts'
import { FileEventStore } from '../../../main/store/file-store.ts'
import { storesUnderTest } from '../../support/event-stores.ts'

const meta = (commandId: string, correlationId = commandId): EventMeta => ({
  context: 'ledger', aggregate: 'Account', command: 'Deposit', commandId, actor: 'ann', policy: null, causationId: commandId, correlationId, schema: 1,
})
const event = (id: string, commandId = `c-${id}`, data: Record<string, unknown> = { n: id }): NewEvent => ({ id, type: 'Deposited', at: '2027-01-04T09:00:00.000Z', data, meta: meta(commandId) })

describe.each(storesUnderTest)('event store contract: $name', ({ make }) => {
  it('gives appended events the next positions and their stream\'s next versions', async () => {
    const { store } = await make()
    expect(store.appendToStream('Account-a', [event('1'), event('2')], { expectedStreamVersion: 0 }).map((e) => [e.position, e.stream, e.version])).toEqual([[1, 'Account-a', 1], [2, 'Account-a', 2]])
    expect(store.appendToStream('Account-b', [event('3')], { expectedStreamVersion: 0 }).map((e) => [e.position, e.version])).toEqual([[3, 1]])
    const [third] = store.appendToStream('Account-a', [event('4')], { expectedStreamVersion: 2 })
    expect(third).toMatchObject({ position: 4, version: 3, id: '4', type: 'Deposited', data: { n: '4' }, meta: meta('c-4') })
    await store.flush()
    expect(store.lastPosition).toBe(4)
    expect(store.durablePosition).toBe(4)
    expect(store.streamVersion('Account-a')).toBe(3)
    expect(store.readStream('Account-a').map((e) => e.id)).toEqual(['1', '2', '4'])
    expect(store.readStream('Account-a', 2).map((e) => e.id)).toEqual(['1', '2'])
    expect(store.readStreamAfter('Account-a', 1).map((e) => e.id)).toEqual(['2', '4'])
    expect(store.readRange(2, 3).map((e) => e.id)).toEqual(['2', '3'])
    await store.close()
  })

  it('refuses a stale expected version with CONCURRENCY_CONFLICT, whoever calls it, and appends nothing', async () => {
    const { store } = await make()
    store.appendToStream('Account-a', [event('1')], { expectedStreamVersion: 0 })
    for (const stale of [0, 2]) {
      let failure: unknown
      try {
        store.appendToStream('Account-a', [event(`x${stale}`)], { expectedStreamVersion: stale })
      } catch (error) {
        failure = error
      }
      expect(failure).toMatchObject({ code: 'CONCURRENCY_CONFLICT', details: { stream: 'Account-a', expectedVersion: stale, actualVersion: 1 } })
    }
    expect(store.lastPosition).toBe(1)
    expect(store.streamVersion('Account-a')).toBe(1)
    expect(store.hasEvent('x0')).toBe(false)
    await store.close()
  })

  it('appends at the end without a check when no version is expected', async () => {
    const { store } = await make()
    store.appendToStream('Account-a', [event('1')])
    expect(store.appendToStream('Account-a', [event('2')])[0]).toMatchObject({ position: 2, version: 2 })
    await store.close()
  })

  it('knows the ids it holds, pending and durable, and the first position of each root command', async () => {
    const { store, reopen } = await make()
    store.appendToStream('Account-a', [event('e-1', 'root'), { ...event('e-2', 'child'), meta: meta('child', 'root') }], { expectedStreamVersion: 0 })
    expect(store.hasEvent('e-1')).toBe(true)
    expect(store.hasEvent('e-9')).toBe(false)
    await store.flush()
    store.appendToStream('Account-b', [event('e-"quoted"\\')], { expectedStreamVersion: 0 })
    expect(store.hasEvent('e-2')).toBe(true)
    expect(store.hasEvent('e-"quoted"\\')).toBe(true)
    expect(store.commandPosition('root')).toBe(1)
    expect(store.commandPosition('child')).toBeUndefined()
    expect(store.lastCorrelationStart).toBe(3)
    if (reopen) {
      const again = await reopen()
      expect(['e-1', 'e-2', 'e-"quoted"\\'].map((id) => again.hasEvent(id))).toEqual([true, true, true])
      expect(again.hasEvent('e-9')).toBe(false)
      expect(again.commandPosition('root')).toBe(1)
      again.appendToStream('Account-a', [event('e-4')], { expectedStreamVersion: 2 })
      expect(again.hasEvent('e-4')).toBe(true)
      await again.close()
    } else await store.close()
  })

  it('hands every event from a position on to the opening visitor', async () => {
    const { store, reopen } = await make()
    store.appendToStream('Account-a', [event('1'), event('2'), event('3')], { expectedStreamVersion: 0 })
    await store.flush()
    if (!reopen) {
      const seen: string[] = []
      await store.open((e) => seen.push(e.id), 2)
      expect(seen).toEqual(['2', '3'])
      return
    }
    await store.close()
    const path = (store as unknown as { path: string }).path
    const again = new FileEventStore({ path, readOnly: true, now: () => '', upcast: (e) => e })
    const seen: string[] = []
    await again.open((e) => seen.push(e.id), 2)
    expect(seen).toEqual(['2', '3'])
    await again.close()
  })
})
