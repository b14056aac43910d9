import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()
let url = ''

beforeAll(async () => {
  await cluster().createTeamServer('many')
  await cluster().sql('CREATE ROLE rep_lea LOGIN IN ROLE stormbook_rep')
  url = cluster().url('many', 'rep_lea')
})

function event(stream: string, version: number): SyncedEvent {
  return {
    id: uuidv7(), stream, version, type: 'CustomerRegistered', at: '2027-01-04T09:00:00.000Z', data: { n: version },
    meta: { context: 'sales', aggregate: 'Customer', command: 'RegisterCustomer', commandId: uuidv7(), actor: 'lea', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
  }
}

describe('pushing many streams in one call (push_many)', () => {
  it('answers each stream as push does: ok, duplicate for a retry, conflict when someone was first', async () => {
    const server = await SyncServer.connect(url)
    try {
      const a = [event('S-a', 1), event('S-a', 2)]
      const b = [event('S-b', 1)]
      expect(await server.pushMany('t1', 'lea', [{ stream: 'S-a', expected: 0, events: a }, { stream: 'S-b', expected: 0, events: b }])).toEqual([
        { status: 'ok', version: 2, inserted: 2 }, { status: 'ok', version: 1, inserted: 1 },
      ])
      const c = [event('S-c', 1)]
      expect(await server.pushMany('t1', 'lea', [{ stream: 'S-a', expected: 0, events: a }, { stream: 'S-b', expected: 0, events: [event('S-b', 1)] }, { stream: 'S-c', expected: 0, events: c }])).toEqual([
        { status: 'duplicate', version: 2, inserted: 0 }, { status: 'conflict', version: 1, inserted: 0 }, { status: 'ok', version: 1, inserted: 1 },
      ])
      const pulled = await server.pull('t1', { tx: '0', position: '0' })
      expect(pulled.map((p) => [p.event.stream, p.event.version])).toEqual([['S-a', 1], ['S-a', 2], ['S-b', 1], ['S-c', 1]])
    } finally {
      await server.close()
    }
  })

  it('refuses an event recorded elsewhere (SYNC_EVENT_MISPLACED), recording nothing of the call', async () => {
    const server = await SyncServer.connect(url)
    try {
      const x = event('S-x', 1)
      await server.pushMany('t2', 'lea', [{ stream: 'S-x', expected: 0, events: [x] }])
      await expect(server.pushMany('t2', 'lea', [{ stream: 'S-y', expected: 0, events: [event('S-y', 1)] }, { stream: 'S-z', expected: 0, events: [{ ...x, stream: 'S-z' }] }]))
        .rejects.toMatchObject({ code: 'SYNC_EVENT_MISPLACED' })
      expect((await server.pull('t2', { tx: '0', position: '0' })).map((p) => p.event.stream)).toEqual(['S-x'])
    } finally {
      await server.close()
    }
  })
})
