import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { syncOnce, type SyncReport } from '../../../main/sync/sync-client.ts'
import { startSyncLoop } from '../../../main/sync/sync-loop.ts'
import type { SyncState } from '../../../main/sync/sync-state.ts'
import { openWorkspaceLog } from '../../../main/sync/workspace-log.ts'
import { usePostgres } from '../../support/postgres.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''

beforeAll(async () => {
  url = await cluster().createTeamServer('loop')
})

function registered(customerId: string): SyncedEvent {
  return {
    id: uuidv7(), stream: `Customer-${customerId}`, version: 1, type: 'CustomerRegistered', at: '2027-01-04T08:00:00.000Z',
    data: { customerId, name: customerId, segment: null },
    meta: { context: 'sales', aggregate: 'Customer', command: 'RegisterCustomer', commandId: uuidv7(), actor: 'rep-9', policy: null, causationId: 'c', correlationId: 'c', schema: 2 },
  }
}

describe('an online laptop', () => {
  it('is woken by the server when a teammate pushes, and pulls at once (no timer)', async () => {
    const dir = tempDir()
    await (await openWorkspace(dir, { contexts, clock })).close()
    const log = await openWorkspaceLog(dir, () => clock.now())
    const server = await SyncServer.connect(url)
    const state: SyncState = { format: 1, team: 'loop-1', device: 'anna', pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null }
    const reports: SyncReport[] = []
    const loop = await startSyncLoop({ url, team: 'loop-1', round: () => syncOnce({ log, server, state, clock, save: () => undefined }), onReport: (r) => reports.push(r) })
    try {
      await expect.poll(() => reports.length).toBe(1)
      const theirs = registered('globex')
      await SyncServer.connect(url).then(async (ben) => {
        await ben.push('loop-1', theirs.stream, 0, 'ben', [theirs])
        await ben.close()
      })
      await expect.poll(() => log.hasEvent(theirs.id), { timeout: 5000 }).toBe(true)
      expect(reports.at(-1)).toMatchObject({ pulled: 1 })
    } finally {
      await loop.close()
      await server.close()
      await log.close()
    }
  })

  it('never runs two rounds at once: calls during a round join one more round after it', async () => {
    let running = 0
    let most = 0
    let rounds = 0
    const round = async (): Promise<SyncReport> => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 30))
      running--
      rounds++
      return { pushed: 0, duplicates: 0, pulled: 0, conflicts: [] }
    }
    const loop = await startSyncLoop({ url, team: 'loop-2', round })
    await Promise.all([loop.syncNow(), loop.syncNow(), loop.syncNow()])
    await loop.close()
    expect(most).toBe(1)
    expect(rounds).toBe(2)
  })
})
