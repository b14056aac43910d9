import { describe, expect, it } from 'vitest'
import type { Projection } from '../../../domain/kernel/index.ts'
import { AsOfLadder, type LadderSource } from '../../../main/app/as-of-ladder.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'

async function ledgerLog(deposits: number) {
  const e = memoryEngine([ledger], new SimulatedClock('2027-01-04T09:00:00Z'))
  await e.dispatch({ command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' } })
  for (let i = 1; i <= deposits; i++) await e.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount: String(i) }, actor: 'ann' })
  return e
}

function sourceOf(e: Awaited<ReturnType<typeof ledgerLog>>, options: Partial<LadderSource> = {}): LadderSource & { reads: number } {
  const source = {
    reads: 0,
    projections: e.registry.projections,
    lastPosition: () => e.store.lastPosition,
    readRange: (from: number, to: number) => {
      source.reads++
      return e.store.readRange(from, to)
    },
    diskSpacing: () => Number.POSITIVE_INFINITY,
    stateBytes: () => 100,
    ...options,
  }
  return source
}

/** The state a projection folds to from the first event to `position`. */
function foldTo(e: Awaited<ReturnType<typeof ledgerLog>>, projection: Projection, position: number): unknown {
  let state = projection.init()
  for (const event of e.store.readRange(1, position)) if (projection.on.includes(event.type)) state = projection.apply(state, event)
  return state
}

describe('the in-memory time-travel ladder', () => {
  it('holds each projection as of every rung, as the log folds to there', async () => {
    const e = await ledgerLog(45)
    const ladder = new AsOfLadder({ every: 10 })
    await ladder.build(sourceOf(e))
    const balances = e.registry.projections.find((p) => p.name === 'Balances')!
    expect(ladder.nearest('Balances', 37, 0)).toBe(30)
    expect(ladder.nearest('Balances', 37, 30), 'a checkpoint at 30 is as near').toBe(0)
    expect(ladder.nearest('Balances', 9, 0)).toBe(0)
    for (const rung of [10, 20, 30, 40]) expect(ladder.stateAt('Balances', rung)).toEqual(foldTo(e, balances, rung))
  })

  it('hands out copies: folding on from a rung leaves the rung as it was', async () => {
    const e = await ledgerLog(25)
    const ladder = new AsOfLadder({ every: 10 })
    await ladder.build(sourceOf(e))
    const copy = ladder.stateAt('Balances', 20) as Record<string, unknown>
    copy.changed = true
    expect(ladder.stateAt('Balances', 20)).not.toHaveProperty('changed')
  })

  it('spaces the rungs further apart when they would outgrow the memory budget', async () => {
    const e = await ledgerLog(45)
    const ladder = new AsOfLadder({ every: 10, budget: 500 })
    await ladder.build(sourceOf(e, { stateBytes: () => 1000 }))
    expect(ladder.nearest('Balances', 39, 0)).toBe(20)
  })

  it('deflates the rungs where only deflated ones fit the budget, and restores the same states from them', async () => {
    const e = await ledgerLog(45)
    const balances = e.registry.projections.find((p) => p.name === 'Balances')!
    const plain = new AsOfLadder({ every: 10, budget: 1000 })
    await plain.build(sourceOf(e, { stateBytes: () => 400 }))
    const packed = new AsOfLadder({ every: 10, budget: 500 })
    await packed.build(sourceOf(e, { stateBytes: () => 400 }))
    for (const ladder of [plain, packed]) {
      expect(ladder.nearest('Balances', 39, 0), 'plain text fitting, or deflated 2.5× smaller').toBe(30)
      for (const rung of [10, 20, 30, 40]) expect(ladder.stateAt('Balances', rung)).toEqual(foldTo(e, balances, rung))
    }
    const rungOf = (ladder: AsOfLadder) => (ladder as unknown as { rungs: Map<string, Map<number, object>> }).rungs.get('Balances')!.get(10)
    expect(rungOf(packed)).toHaveProperty('packed')
    expect(rungOf(plain)).toHaveProperty('text')
  })

  it("keeps a projection's own snapshots as its rungs, counting the bytes each says it adds", async () => {
    const e = await ledgerLog(45)
    const balances = e.registry.projections.find((p) => p.name === 'Balances')!
    const restored: number[] = []
    const snapshotting: Projection = {
      ...balances,
      snapshots: {
        take: (state, previous) => ({ snapshot: structuredClone(state), bytes: previous === undefined ? 300 : 100 }),
        restore: (snapshot) => {
          restored.push(1)
          return structuredClone(snapshot)
        },
      },
    }
    const ladder = new AsOfLadder({ every: 10, budget: 450 })
    await ladder.build(sourceOf(e, { projections: [snapshotting], stateBytes: () => 40 }))
    // 300 + 100 + 100 bytes outgrow 450: every other rung is dropped
    expect(ladder.nearest('Balances', 39, 0)).toBe(20)
    expect(ladder.stateAt('Balances', 20)).toEqual(foldTo(e, balances, 20))
    expect(restored).toHaveLength(1)
    expect((ladder as unknown as { rungs: Map<string, Map<number, object>> }).rungs.get('Balances')!.get(20)).toHaveProperty('snapshot')
  })

  it('tells when a build under way is done', async () => {
    const e = await ledgerLog(25)
    const ladder = new AsOfLadder({ every: 10 })
    await ladder.ready()
    void ladder.build(sourceOf(e))
    expect(ladder.nearest('Balances', 20, 0), 'still building').toBe(0)
    await ladder.ready()
    expect(ladder.nearest('Balances', 20, 0)).toBe(20)
  })

  it('keeps no rungs for a projection whose checkpoints on disk are as dense', async () => {
    const e = await ledgerLog(45)
    const ladder = new AsOfLadder({ every: 10 })
    await ladder.build(sourceOf(e, { diskSpacing: () => 10 }))
    expect(ladder.nearest('Balances', 39, 0)).toBe(0)
  })

  it('stops building when the workspace closes, and forgets what it built', async () => {
    const e = await ledgerLog(45)
    const ladder = new AsOfLadder({ every: 10 })
    const source = sourceOf(e)
    const built = ladder.build(source)
    ladder.stop()
    await built
    expect(source.reads).toBe(0)
    expect(ladder.nearest('Balances', 39, 0)).toBe(0)
  })
})

describe('sharing the in-memory budget', () => {
  it('gives a small state its rungs when a big one cannot have any', async () => {
    const e = await ledgerLog(45)
    const big: Projection<{ deposits: number }> = { name: 'Big', init: () => ({ deposits: 0 }), on: ['Deposited'], apply: (s) => ({ deposits: s.deposits + 1 }), queries: {} }
    const ladder = new AsOfLadder({ every: 10, budget: 1000 })
    await ladder.build(sourceOf(e, { projections: [big as Projection, ...e.registry.projections], stateBytes: (name) => (name === 'Big' ? 100_000 : 40) }))
    expect(ladder.nearest('Big', 39, 0), 'too big for any rung').toBe(0)
    expect(ladder.nearest('Balances', 39, 0), 'the whole budget is left for it').toBe(30)
  })
})
