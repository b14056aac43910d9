import { afterEach, describe, expect, it, vi } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { TIME_TRAVEL_WARM_DELAY_MS } from '../../../main/app/engine.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { tempDir } from '../../support/workspace.ts'

const clock = () => new SimulatedClock('2027-01-04T09:00:00Z')

/** A workspace of `deals` deals (two events each), closed and opened again: its time-travel states are not built yet. */
async function reopened(deals: number) {
  const dir = tempDir()
  const first = await openWorkspace(dir, { contexts, clock: clock() })
  await first.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c', name: 'Acme' } })
  for (let i = 0; i < deals; i++) {
    await first.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: `o-${i}`, customerId: 'c', name: `Deal ${i}`, kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
    await first.engine.dispatch({ command: 'QualifyOpportunity', data: { opportunityId: `o-${i}` } })
  }
  await first.close()
  return openWorkspace(dir, { contexts, clock: clock() })
}

/** How far the in-memory time-travel states were built (the engine's own; not part of its API). */
const builtTo = (ws: Awaited<ReturnType<typeof openWorkspace>>) => (ws.engine as unknown as { readModels: { ladder: { builtTo: number } } }).readModels.ladder.builtTo

describe('the time-travel states of an opened workspace', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('are not built while the first screen loads, and are once time travel is asked for', async () => {
    const ws = await reopened(600)
    try {
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(builtTo(ws), 'nothing built right after opening').toBe(0)
      const asOf = ws.engine.query('Pipeline', {}, { asOf: 1000 })
      expect(asOf.ok).toBe(true)
      await ws.engine.timeTravelReady()
      expect(builtTo(ws)).toBe(ws.engine.store.lastPosition)
    } finally {
      await ws.close()
    }
  })

  it('are built a while after opening even when nobody asks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const ws = await reopened(600)
    try {
      vi.advanceTimersByTime(TIME_TRAVEL_WARM_DELAY_MS - 1)
      expect(builtTo(ws)).toBe(0)
      vi.advanceTimersByTime(1)
      vi.useRealTimers()
      // the build yields between chunks with setImmediate: it finishes on its own
      await vi.waitFor(() => expect(builtTo(ws)).toBe(ws.engine.store.lastPosition), { timeout: 10_000 })
    } finally {
      await ws.close()
    }
  })
})
