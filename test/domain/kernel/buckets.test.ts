import { describe, expect, it } from 'vitest'
import { bucketGet, bucketSet, bucketValues, type Buckets } from '../../../domain/kernel/index.ts'

describe('Buckets: a growing record that copies one bucket per change', () => {
  it('sets and gets by key, leaving the record it was given as it was', () => {
    let orders: Buckets<{ qty: number }> = {}
    const versions: Array<Buckets<{ qty: number }>> = []
    for (let i = 0; i < 500; i++) {
      versions.push(orders)
      orders = bucketSet(orders, `o-${i}`, { qty: i })
    }
    expect(bucketGet(orders, 'o-42')).toEqual({ qty: 42 })
    expect(bucketGet(orders, 'o-500')).toBeUndefined()
    expect(bucketGet(versions[42], 'o-42')).toBeUndefined()
    expect(bucketGet(versions[43], 'o-42')).toEqual({ qty: 42 })
    const changed = bucketSet(orders, 'o-42', { qty: 7 })
    expect(bucketGet(changed, 'o-42')).toEqual({ qty: 7 })
    expect(bucketGet(orders, 'o-42')).toEqual({ qty: 42 })
    expect(bucketValues(orders).map((o) => o.qty).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i))
  })

  it('a change copies one small bucket: the other buckets are shared with the record before it', () => {
    let orders: Buckets<number> = {}
    for (let i = 0; i < 6400; i++) orders = bucketSet(orders, `order-${i}`, i)
    const next = bucketSet(orders, 'order-1', -1)
    const names = Object.keys(orders)
    expect(names.length).toBe(64)
    expect(names.filter((name) => next[name] !== orders[name])).toHaveLength(1)
    expect(Math.max(...names.map((name) => Object.keys(orders[name]).length))).toBeLessThan(160)
  })

  it('keys that name Object.prototype members are ordinary keys, and the record survives a JSON round trip', () => {
    let record: Buckets<string> = {}
    expect(bucketGet(record, 'constructor')).toBeUndefined()
    expect(bucketGet(record, 'toString')).toBeUndefined()
    record = bucketSet(record, '__proto__', 'a')
    record = bucketSet(record, 'constructor', 'b')
    const back = JSON.parse(JSON.stringify(record)) as Buckets<string>
    expect(bucketGet(back, '__proto__')).toBe('a')
    expect(bucketGet(back, 'constructor')).toBe('b')
    expect(bucketValues(back).sort()).toEqual(['a', 'b'])
  })
})
