import { describe, expect, it } from 'vitest'
import { CommandPositions } from '../../../main/store/command-positions.ts'

describe('where root commands begin, by command id', () => {
  it('finds each of 100,000 ids at its first position and none that was never recorded', () => {
    const log: string[] = [] // the command id of the event at each position (1-based)
    const index = new CommandPositions()
    for (let p = 1; p <= 100_000; p++) {
      const id = `0190a1b2-${p.toString(16).padStart(8, '0')}-7e5f-8a9b`
      log[p] = id
      index.add(id, p)
    }
    const at = (p: number) => log[p]
    for (const p of [1, 2, 777, 65_536, 99_999, 100_000]) expect(index.get(log[p], at)).toBe(p)
    expect(index.get('never-sent', at)).toBeUndefined()
    expect(index.size).toBe(100_000)
  })

  it('tells apart ids that share a hash by the event at each position, and answers an id recorded twice with its first', () => {
    const log = ['', 'c-a', 'c-b', 'c-a', 'c-c']
    const index = new CommandPositions(() => 42) // every id collides
    index.add('c-a', 1)
    index.add('c-b', 2)
    index.add('c-a', 3) // the same command again later (its events interleaved with another's)
    const at = (p: number) => log[p]
    expect(index.get('c-a', at)).toBe(1)
    expect(index.get('c-b', at)).toBe(2)
    expect(index.get('c-c', at), 'position 4 was never recorded').toBeUndefined()
  })
})
