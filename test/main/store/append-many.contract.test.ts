import { describe, expect, it } from 'vitest'
import type { EventMeta } from '../../../domain/kernel/index.ts'
import type { StreamEvent } from '../../../main/store/event-store.ts'
import { MemoryEventStore } from '../../../main/store/memory-store.ts'
import { storesUnderTest } from '../../support/event-stores.ts'

const meta = (commandId: string): EventMeta => ({
  context: 'ledger', aggregate: 'Account', command: 'Deposit', commandId, actor: 'ann', policy: null, causationId: commandId, correlationId: commandId, schema: 1,
})
const event = (stream: string, id: string, version?: number): StreamEvent => ({ id, stream, version, type: 'Deposited', at: '2027-01-04T09:00:00.000Z', data: { n: id, tags: [id] }, meta: meta(`c-${id}`) })

describe.each(storesUnderTest)('appendMany (a page of many streams in one call): $name', ({ make }) => {
  it('places the events in the order given, each stream counting its own versions', async () => {
    const { store, reopen } = await make()
    store.appendToStream('Account-a', [event('Account-a', '1')])
    const placed = store.appendMany([event('Account-b', '2'), event('Account-a', '3', 2), event('Account-b', '4', 2), event('Account-c', '5')])
    expect(placed.map((e) => [e.position, e.stream, e.version, e.id])).toEqual([[2, 'Account-b', 1, '2'], [3, 'Account-a', 2, '3'], [4, 'Account-b', 2, '4'], [5, 'Account-c', 1, '5']])
    expect(store.lastPosition).toBe(5)
    expect(store.streamVersion('Account-b')).toBe(2)
    expect(store.hasEvent('4')).toBe(true)
    await store.flush()
    const again = reopen ? await reopen() : store
    expect(again.readStream('Account-a').map((e) => e.id)).toEqual(['1', '3'])
    expect(again.readRange(2, 5).map((e) => `${e.stream}@${e.version}`)).toEqual(['Account-b@1', 'Account-a@2', 'Account-b@2', 'Account-c@1'])
    await again.close()
  })

  it('refuses the whole call when an event does not follow its stream (CONCURRENCY_CONFLICT at events[i].version), appending nothing', async () => {
    const { store } = await make()
    store.appendToStream('Account-a', [event('Account-a', '1')])
    let failure: unknown
    try {
      store.appendMany([event('Account-b', '2', 1), event('Account-a', '3', 2), event('Account-a', '4', 4)])
    } catch (error) {
      failure = error
    }
    expect(failure).toMatchObject({ code: 'CONCURRENCY_CONFLICT', details: { stream: 'Account-a', expectedVersion: 2, actualVersion: 3, field: 'events[2].version' } })
    expect(store.lastPosition).toBe(1)
    expect(store.streamVersion('Account-b')).toBe(0)
    expect(['2', '3', '4'].map((id) => store.hasEvent(id))).toEqual([false, false, false])
    expect(() => store.appendMany([event('Account-b', '5'), event('', '6')])).toThrow(expect.objectContaining({ code: 'INVALID_EVENT', details: { field: 'events[1].stream' } }))
    expect(store.lastPosition).toBe(1)
    await store.close()
  })
})

describe('what the memory store keeps of what it appends', () => {
  it('keeps a copy of what a decider gave: changing it afterwards changes nothing in the log', () => {
    const store = new MemoryEventStore()
    const given = { id: '1', type: 'Deposited', at: '2027-01-04T09:00:00.000Z', data: { n: '1', tags: ['1'], nested: { when: new Date('2027-01-04T09:00:00Z') } }, meta: meta('c-1') }
    const [placed] = store.appendToStream('Account-a', [given])
    ;(placed.data.tags as string[]).push('changed')
    placed.data.n = 'changed'
    ;(given.data.nested.when as Date).setUTCFullYear(1999)
    expect(store.readRange(1, 1)[0].data).toEqual({ n: '1', tags: ['1'], nested: { when: new Date('2027-01-04T09:00:00Z') } })
  })

  it('keeps what appendMany is handed as it is (a pulled page is not copied twice), and still reads out copies', () => {
    const store = new MemoryEventStore()
    const given = event('Account-a', '1')
    store.appendMany([given])
    ;(given.data.tags as string[]).push('handed over')
    const [read] = store.readRange(1, 1)
    expect(read.data).toEqual({ n: '1', tags: ['1', 'handed over'] })
    ;(read.data.tags as string[]).push('a reader\'s change')
    expect(store.readStream('Account-a')[0].data).toEqual({ n: '1', tags: ['1', 'handed over'] })
  })
})
