import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import type { Cursor, PulledEvent } from '../../../main/sync/server.ts'
import { syncOnce, type SyncServerPort } from '../../../main/sync/sync-client.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { EngineLog } from './engine-log.ts'

const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const fresh = (): SyncState => ({ format: 1, team: 'east', device: 'ben', pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })

/** A team log of `count` customers recorded on Anna's laptop, served a page at a time as the server would. */
async function teamLog(count: number): Promise<PulledEvent[]> {
  const anna = new EngineLog()
  for (let i = 1; i <= count; i++) await anna.dispatch('RegisterCustomer', { customerId: `c-${i}`, name: `C ${i}` })
  return anna.store.readRange(1, count).map(({ position, ...event }) => ({ event, origin: 'anna', cursor: { tx: '7', position: String(position) } }))
}

/** A server holding `log`: `onPull` hears each call (the cursor asked after) before it is answered. */
function serverOf(log: PulledEvent[], onPull: (after: Cursor) => void | Promise<void> = () => undefined): SyncServerPort {
  return {
    push: async () => ({ status: 'ok', version: 0, inserted: 0 }),
    async pull(_team, after, limit = 1000) {
      await onPull(after)
      const from = after.tx === '0' ? 0 : Number(after.position)
      return log.slice(from, from + limit)
    },
  }
}

describe('pulling a page ahead', () => {
  it('asks for the next page while it takes in the current one, and takes every page in order, once', async () => {
    const log = await teamLog(10)
    const ben = new EngineLog()
    const heldWhenAsked: Array<[string, number]> = []
    const report = await syncOnce({ log: ben, state: fresh(), clock, save: () => undefined, pageSize: 4, server: serverOf(log, (after) => void heldWhenAsked.push([after.position, ben.lastPosition])) })
    expect(report).toMatchObject({ pulled: 10, conflicts: [] })
    // The page after position 4 is asked for before the first page (positions 1–4) is taken in.
    expect(heldWhenAsked).toEqual([['0', 0], ['4', 0], ['8', 4], ['10', 8]])
    expect(ben.store.readRange(1, 10).map((e) => e.id)).toEqual(log.map((p) => p.event.id))
  })

  it('fails with the page it could not take in when the page asked ahead fails too, and moves its cursor no further', async () => {
    const log = await teamLog(8)
    const third = log[2] as Extract<PulledEvent, { held?: undefined }>
    log[2] = { ...third, event: { ...third.event, type: '' } } // refused by ingest: INVALID_EVENT
    const ben = new EngineLog()
    const state = fresh()
    const server = serverOf(log, (after) => {
      if (after.position === '4') throw Object.assign(new Error('the server went away'), { code: 'SYNC_SERVER_UNREACHABLE' })
    })
    await expect(syncOnce({ log: ben, state, clock, save: () => undefined, pageSize: 4, server })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    expect(ben.lastPosition).toBe(0)
    expect(state.cursor).toEqual({ tx: '0', position: '0' })
  })
})
