import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { SyncServer } from '../../../main/sync/server.ts'
import { syncOnce } from '../../../main/sync/sync-client.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { usePostgres } from '../../support/postgres.ts'
import { EngineLog } from './engine-log.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''
let team = 0

beforeAll(async () => {
  url = await cluster().createTeamServer('properties')
})

/** What a rep does next: work on a deal of their own, or sync (one laptop, or all at once). */
type Step = { laptop: number; kind: 'create' | 'advance' } | { laptop: number; kind: 'sync' } | { kind: 'syncAll' }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ laptop: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom('create' as const, 'advance' as const) }),
  fc.record({ laptop: fc.integer({ min: 0, max: 2 }), kind: fc.constant('sync' as const) }),
  fc.constant({ kind: 'syncAll' as const }),
)

describe('laptops that each work on their own deals and sync in any order', () => {
  it('end, after everyone syncs twice, with the same events, each once on the server, and the same pipeline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const name = `prop-${++team}`
        const laptops = [0, 1, 2].map((i) => ({ log: new EngineLog(), deals: 0, state: { format: 1, team: name, device: `laptop-${i}`, pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null } as SyncState }))
        const sync = async (i: number) => {
          const server = await SyncServer.connect(url)
          try {
            return await syncOnce({ log: laptops[i].log, server, state: laptops[i].state, clock, save: () => undefined, pageSize: 4 })
          } finally {
            await server.close()
          }
        }
        for (const [i, l] of laptops.entries()) await l.log.dispatch('RegisterCustomer', { customerId: `c-${i}`, name: `Customer ${i}` })
        for (const s of steps) {
          if (s.kind === 'syncAll') await Promise.all(laptops.map((_, i) => sync(i)))
          else if (s.kind === 'sync') await sync(s.laptop)
          else {
            const l = laptops[s.laptop]
            if (s.kind === 'create' || l.deals === 0) {
              l.deals++
              await l.log.dispatch('CreateOpportunity', {
                opportunityId: `o-${s.laptop}-${l.deals}`, customerId: `c-${s.laptop}`, name: 'Deal', kind: 'new', amount: `${100 * l.deals}`, closeDate: '2027-03-31', salesOwner: `rep-${s.laptop}`,
              })
            } else await l.log.dispatch('UpdateOpportunity', { opportunityId: `o-${s.laptop}-${l.deals}`, amount: `${50 + l.deals}` })
          }
        }
        for (let pass = 0; pass < 2; pass++) for (const i of [0, 1, 2]) expect((await sync(i)).conflicts).toEqual([])
        const ids = laptops.map((l) => l.log.store.readRange(1, l.log.lastPosition).map((e) => e.id).sort())
        expect(ids[1]).toEqual(ids[0])
        expect(ids[2]).toEqual(ids[0])
        const { rows } = await cluster().sql('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM stormbook.events WHERE team = $1', [name], 'properties')
        expect(rows[0]).toEqual({ n: ids[0].length, d: ids[0].length })
        expect(laptops[1].log.query('Pipeline')).toEqual(laptops[0].log.query('Pipeline'))
        expect(laptops[2].log.query('Pipeline')).toEqual(laptops[0].log.query('Pipeline'))
      }),
      { numRuns: Number(process.env.SYNC_RUNS ?? 5) },
    )
  }, 180_000)
})
