import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../../domain/kernel/index.ts'
import { PipelineProjection } from '../../../../domain/sales/read-model/pipeline-projection.ts'
import { SALES_STAGES } from '../../../../domain/sales/stages.ts'

/** A small deterministic random source. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const event = (position: number, type: string, data: Record<string, unknown>) => ({ position, type, data }) as unknown as EventEnvelope

/** Stage counts and amounts (in cents) folded the obvious way, for comparison. */
function reference(events: EventEnvelope[]): Record<string, { count: number; cents: number }> {
  const deals = new Map<string, { stage: string; cents: number }>()
  const stageOf: Record<string, string> = { OpportunityQualified: 'qualification', ProposalSent: 'proposal', OpportunityWon: 'closed_won', OpportunityLost: 'closed_lost' }
  const cents = (amount: string) => Math.round(Number(amount) * 100)
  for (const e of events) {
    const id = String(e.data.opportunityId)
    const deal = deals.get(id)
    if (e.type === 'OpportunityCreated') {
      if (!deal) deals.set(id, { stage: 'prospecting', cents: cents(String(e.data.amount)) })
    } else if (deal && e.type === 'OpportunityUpdated') {
      const to = (e.data.changes as { amount?: { to: string } }).amount?.to
      if (to) deal.cents = cents(to)
    } else if (deal) deal.stage = e.type === 'OpportunityReopened' ? String(e.data.stage) : stageOf[e.type]
  }
  const totals = Object.fromEntries(SALES_STAGES.map((s) => [s, { count: 0, cents: 0 }]))
  for (const d of deals.values()) {
    totals[d.stage].count++
    totals[d.stage].cents += d.cents
  }
  return totals
}

/** 20,000 random Pipeline events over 3,000 deals (odd ids included), some about deals never created. */
function randomEvents(seed: number): EventEnvelope[] {
    const next = rng(seed)
    const ids = ['__proto__', 'constructor', 'toString', ...Array.from({ length: 3000 }, (_, i) => `o-${Math.floor(next() * 1e9).toString(36)}-${i}`)]
    const created: string[] = []
    const events: EventEnvelope[] = []
    const amount = () => `${Math.floor(next() * 1e6)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`
    for (let p = 1; p <= 20_000; p++) {
      const roll = next()
      if (roll < 0.2 && created.length < ids.length) {
        const id = ids[created.length]
        created.push(id)
        events.push(event(p, 'OpportunityCreated', { opportunityId: id, amount: amount() }))
      } else {
        const id = next() < 0.02 ? 'o-unknown' : (created[Math.floor(next() * created.length)] ?? 'o-none')
        const kind = next()
        if (kind < 0.5) events.push(event(p, 'OpportunityUpdated', { opportunityId: id, changes: next() < 0.7 ? { amount: { from: '0', to: amount() } } : { name: { from: 'a', to: 'b' } } }))
        else if (kind < 0.9) events.push(event(p, ['OpportunityQualified', 'ProposalSent', 'OpportunityWon', 'OpportunityLost'][Math.floor(next() * 4)], { opportunityId: id }))
        else if (kind < 0.97) events.push(event(p, 'OpportunityReopened', { opportunityId: id, stage: ['prospecting', 'qualification', 'proposal'][Math.floor(next() * 3)] }))
        else events.push(event(p, 'OpportunityCreated', { opportunityId: id, amount: '1.00' }))
      }
    }
    return events
}

describe('the Pipeline read model', () => {
  it('keeps every stage total right over thousands of deals, restored from JSON at any point (as a checkpoint is)', () => {
    const events = randomEvents(7)
    let state = PipelineProjection.init()
    for (const e of events) {
      state = PipelineProjection.apply(state, e)
      if (e.position % 997 === 0) state = JSON.parse(JSON.stringify(state)) as typeof state
      if (e.position % 2500 === 0 || e.position === events.length) {
        const truth = reference(events.slice(0, e.position))
        for (const stage of SALES_STAGES) {
          expect(state.stageTotals[stage].count, `${stage} at ${e.position}`).toBe(truth[stage].count)
          expect(Math.round(Number(state.stageTotals[stage].amount) * 100), `${stage} at ${e.position}`).toBe(truth[stage].cents)
        }
      }
    }
    const distinct = new Set(events.filter((e) => e.type === 'OpportunityCreated').map((e) => e.data.opportunityId))
    expect(state.ids.length + state.recentCount, 'every deal once').toBe(distinct.size)
    expect([...state.ids].sort(), 'columns sorted').toEqual(state.ids)
  })

  it('hands time travel snapshots that later folds never change, and states restored from them fold on right', () => {
    const events = randomEvents(11)
    const { snapshots } = PipelineProjection
    const taken: Array<{ position: number; snapshot: unknown; json: string; bytes: number }> = []
    let previous: unknown
    let state = PipelineProjection.init()
    for (const e of events) {
      state = PipelineProjection.apply(state, e)
      if (e.position % 500 === 0) {
        const { snapshot, bytes } = snapshots!.take(state, previous)
        taken.push({ position: e.position, snapshot, json: JSON.stringify(state), bytes })
        previous = snapshot
      }
    }
    expect(taken.some((t, i) => i > 0 && t.bytes < taken[i - 1].bytes), 'snapshots sharing the ids cost less').toBe(true)
    for (const { position, snapshot, json } of taken) {
      const restored = snapshots!.restore(snapshot)
      expect(JSON.stringify(restored), `as of ${position}`).toBe(json)
      // Folding on from the restored state changes it, never the snapshot.
      let onward = restored
      for (const e of events.slice(position, position + 700)) onward = PipelineProjection.apply(onward, e)
      const truth = reference(events.slice(0, Math.min(events.length, position + 700)))
      for (const stage of SALES_STAGES) expect(onward.stageTotals[stage].count, `${stage} at ${position} + 700`).toBe(truth[stage].count)
      expect(JSON.stringify(snapshots!.restore(snapshot)), `as of ${position}, again`).toBe(json)
    }
  })

  it("shares the chunks of amounts no deal's amount changed in with the snapshot before", () => {
    let state = PipelineProjection.init()
    let position = 0
    for (let i = 0; i < 600; i++) state = PipelineProjection.apply(state, event(++position, 'OpportunityCreated', { opportunityId: `o-${String(i).padStart(4, '0')}`, amount: `${i}.00` }))
    const { snapshots } = PipelineProjection
    const first = snapshots!.take(state)
    state = PipelineProjection.apply(state, event(++position, 'OpportunityUpdated', { opportunityId: 'o-0300', changes: { amount: { from: '300.00', to: '999.99' } } }))
    const second = snapshots!.take(state, first.snapshot)
    const chunks = (taken: { snapshot: unknown }) => (taken.snapshot as { amounts: string[][] }).amounts
    expect(chunks(second).map((chunk, i) => chunk === chunks(first)[i]), 'only the chunk holding o-0300 is new').toEqual(chunks(first).map((chunk) => !chunk.includes('300.00')))
    expect(second.bytes).toBeLessThan(first.bytes)
    expect(JSON.stringify(snapshots!.restore(second.snapshot))).toBe(JSON.stringify(state))
    expect(snapshots!.restore(first.snapshot).stageTotals.prospecting.amount).toBe('179700.00')
  })
})
