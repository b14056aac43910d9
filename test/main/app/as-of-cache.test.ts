import { describe, expect, it } from 'vitest'
import { AsOfCache } from '../../../main/app/as-of-cache.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'

const deposit = (amount: string) => ({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount }, actor: 'ann' })

describe('time-travel states', () => {
  it('are kept per position, least recently used dropped first', () => {
    const cache = new AsOfCache(2)
    cache.set(3, 'three')
    cache.set(5, 'five')
    expect(cache.get(3)).toBe('three')
    cache.set(7, 'seven')
    expect([cache.has(3), cache.has(5), cache.has(7)]).toEqual([true, false, true])
    expect(cache.nearest(6, 0)).toBe(3)
    expect(cache.nearest(6, 4)).toBe(0)
  })

  it('survive appends: a replay asking again for a past position reads nothing from the log', async () => {
    const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
    await e.dispatch({ command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' } })
    for (let i = 1; i <= 6; i++) await e.dispatch(deposit(String(i)))
    const reads: Array<[number, number]> = []
    const readRange = e.store.readRange.bind(e.store)
    e.store.readRange = (from, to) => (reads.push([from, to]), readRange(from, to))
    const asOf = (n: number) => e.query('Total', {}, { asOf: n })
    expect(asOf(3)).toEqual({ ok: true, value: { total: '3.00', count: 1 } })
    expect(asOf(5)).toEqual({ ok: true, value: { total: '10.00', count: 1 } })
    expect(reads, 'the later state folds on from the earlier one').toEqual([[1, 3], [4, 5]])
    await e.dispatch(deposit('100'))
    reads.length = 0
    expect(asOf(3)).toEqual({ ok: true, value: { total: '3.00', count: 1 } })
    expect(asOf(5)).toEqual({ ok: true, value: { total: '10.00', count: 1 } })
    expect(asOf(4)).toEqual({ ok: true, value: { total: '6.00', count: 1 } })
    expect(reads, 'an append evicts nothing, and folding on never changes a cached state').toEqual([[4, 4]])
    expect(asOf(3)).toEqual({ ok: true, value: { total: '3.00', count: 1 } })
  })
})
