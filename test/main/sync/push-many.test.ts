import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()
let url = ''

beforeAll(async () => {
  await cluster().createTeamServer('many')
  await cluster().sql('CREATE ROLE rep_lea LOGIN IN ROLE stormbook_rep')
  await cluster().sql("INSERT INTO stormbook.team_members SELECT 't' || n, 'rep_lea' FROM generate_series(1, 5) n", [], 'many')
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

  it('records only the rest of a batch whose first events an earlier try recorded, beside new streams', async () => {
    const server = await SyncServer.connect(url)
    try {
      const a = [event('S-a', 1), event('S-a', 2), event('S-a', 3)]
      await server.pushMany('t3', 'lea', [{ stream: 'S-a', expected: 0, events: a.slice(0, 1) }])
      expect(await server.pushMany('t3', 'lea', [{ stream: 'S-a', expected: 0, events: a }, { stream: 'S-b', expected: 0, events: [event('S-b', 1)] }])).toEqual([
        { status: 'ok', version: 3, inserted: 2 }, { status: 'ok', version: 1, inserted: 1 },
      ])
      const pulled = await server.pull('t3', { tx: '0', position: '0' })
      expect(pulled.map((p) => [p.event.id, p.event.version])).toEqual([...a.map((e) => [e.id, e.version]), [expect.any(String), 1]])
    } finally {
      await server.close()
    }
  })

  it('refuses a call that names a stream twice, or a batch with no events, recording nothing of it', async () => {
    const server = await SyncServer.connect(url)
    try {
      await expect(server.pushMany('t4', 'lea', [{ stream: 'S-a', expected: 0, events: [event('S-a', 1)] }, { stream: 'S-a', expected: 1, events: [event('S-a', 2)] }]))
        .rejects.toMatchObject({ code: 'SYNC_SERVER_ERROR', details: { sqlstate: '22023' } })
      await expect(server.pushMany('t4', 'lea', [{ stream: 'S-b', expected: 0, events: [event('S-b', 1)] }, { stream: 'S-c', expected: 0, events: [] }]))
        .rejects.toMatchObject({ code: 'SYNC_SERVER_ERROR', details: { sqlstate: '22023' } })
      expect(await server.pull('t4', { tx: '0', position: '0' })).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('answers a thousand streams of one call in order, and pulls them in the order pushed', async () => {
    const server = await SyncServer.connect(url)
    try {
      const batches = Array.from({ length: 1000 }, (_, i) => ({ stream: `S-${i}`, expected: 0, events: [event(`S-${i}`, 1), event(`S-${i}`, 2)] }))
      batches[500].expected = 3
      const answers = await server.pushMany('t5', 'lea', batches)
      expect(answers[500]).toEqual({ status: 'conflict', version: 0, inserted: 0 })
      expect(answers.filter((a) => a.status === 'ok' && a.version === 2 && a.inserted === 2)).toHaveLength(999)
      const pulled = await server.pull('t5', { tx: '0', position: '0' }, 5000)
      expect(pulled.map((p) => p.event.id)).toEqual(batches.filter((_, i) => i !== 500).flatMap((b) => b.events.map((e) => e.id)))
    } finally {
      await server.close()
    }
  })
})
