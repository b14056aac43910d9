import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../main/sync/migrations.ts'
import { listenForEvents, START, SyncServer, type Cursor, type SyncedEvent } from '../../../main/sync/server.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()
let url = ''

beforeAll(async () => {
  url = await cluster().createTeamServer('team')
})

/** A stream's next events as a laptop would push them. */
function events(stream: string, ...types: string[]): SyncedEvent[] {
  return types.map((type, i) => ({
    id: uuidv7(), stream, version: i + 1, type, at: '2027-01-04T09:00:00.000Z', data: { n: i },
    meta: { context: 'sales', aggregate: 'Opportunity', command: 'X', commandId: uuidv7(), actor: 'rep-7', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
  }))
}

async function withServer<T>(work: (server: SyncServer) => Promise<T>, at = url): Promise<T> {
  const server = await SyncServer.connect(at)
  try {
    return await work(server)
  } finally {
    await server.close()
  }
}

/** Pulls everything after `from`, a page at a time; answers the events' ids and the cursor reached. */
async function pullAll(team: string, from: Cursor = START, page = 2): Promise<{ ids: string[]; cursor: Cursor }> {
  return withServer(async (server) => {
    const ids: string[] = []
    let cursor = from
    for (;;) {
      const batch = await server.pull(team, cursor, page)
      if (batch.length === 0) return { ids, cursor }
      ids.push(...batch.map((b) => b.event.id))
      cursor = batch[batch.length - 1].cursor
    }
  })
}

describe('push', () => {
  it('records a stream batch at the expected version, in one call', async () => {
    const batch = events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityQualified')
    const answer = await withServer((s) => s.push('push-1', 'Opportunity-o-1', 0, 'laptop-a', batch))
    expect(answer).toEqual({ status: 'ok', version: 2, inserted: 2 })
    const { rows } = await cluster().sql("SELECT version, type, origin FROM stormbook.events WHERE team = 'push-1' ORDER BY version", [], 'team')
    expect(rows).toEqual([
      { version: 1, type: 'OpportunityCreated', origin: 'laptop-a' },
      { version: 2, type: 'OpportunityQualified', origin: 'laptop-a' },
    ])
  })

  it('answers duplicate, not an error, to a retried batch, and records nothing twice', async () => {
    const batch = events('Opportunity-o-1', 'OpportunityCreated')
    await withServer((s) => s.push('push-2', 'Opportunity-o-1', 0, 'laptop-a', batch))
    const again = await withServer((s) => s.push('push-2', 'Opportunity-o-1', 0, 'laptop-a', batch))
    expect(again).toEqual({ status: 'duplicate', version: 1, inserted: 0 })
    const { rows } = await cluster().sql("SELECT count(*)::int AS n FROM stormbook.events WHERE team = 'push-2'", [], 'team')
    expect(rows[0].n).toBe(1)
  })

  it('records only the rest of a batch whose first events were recorded by an earlier try', async () => {
    const batch = events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityQualified', 'ProposalSent')
    await withServer((s) => s.push('push-3', 'Opportunity-o-1', 0, 'laptop-a', batch.slice(0, 1)))
    const answer = await withServer((s) => s.push('push-3', 'Opportunity-o-1', 0, 'laptop-a', batch))
    expect(answer).toEqual({ status: 'ok', version: 3, inserted: 2 })
  })

  it('answers conflict with the server version when another device appended first, and records nothing', async () => {
    await withServer((s) => s.push('push-4', 'Opportunity-o-1', 0, 'laptop-a', events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityQualified')))
    const mine = events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityLost').slice(1)
    const answer = await withServer((s) => s.push('push-4', 'Opportunity-o-1', 1, 'laptop-b', mine))
    expect(answer).toEqual({ status: 'conflict', version: 2, inserted: 0 })
    const { rows } = await cluster().sql("SELECT count(*)::int AS n FROM stormbook.events WHERE team = 'push-4'", [], 'team')
    expect(rows[0].n).toBe(2)
  })

  it('refuses an event already recorded in another stream (SYNC_EVENT_MISPLACED)', async () => {
    const [event] = events('Opportunity-o-1', 'OpportunityCreated')
    await withServer((s) => s.push('push-5', 'Opportunity-o-1', 0, 'laptop-a', [event]))
    await expect(withServer((s) => s.push('push-5', 'Opportunity-o-2', 0, 'laptop-a', [{ ...event, stream: 'Opportunity-o-2' }]))).rejects.toMatchObject({ code: 'SYNC_EVENT_MISPLACED' })
  })

  it('keeps teams apart: the same stream name in two teams has two histories', async () => {
    await withServer((s) => s.push('push-6a', 'Opportunity-o-1', 0, 'laptop-a', events('Opportunity-o-1', 'OpportunityCreated')))
    const other = await withServer((s) => s.push('push-6b', 'Opportunity-o-1', 0, 'laptop-b', events('Opportunity-o-1', 'OpportunityCreated')))
    expect(other.status).toBe('ok')
  })
})

describe('pull', () => {
  it('reads a team’s events after a cursor, in commit order, a page at a time', async () => {
    const a = events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityQualified')
    const b = events('Opportunity-o-2', 'OpportunityCreated')
    await withServer(async (s) => {
      await s.push('pull-1', 'Opportunity-o-1', 0, 'laptop-a', a)
      await s.push('pull-1', 'Opportunity-o-2', 0, 'laptop-b', b)
      await s.push('elsewhere', 'Opportunity-o-9', 0, 'laptop-c', events('Opportunity-o-9', 'OpportunityCreated'))
    })
    const all = await pullAll('pull-1')
    expect(all.ids).toEqual([...a, ...b].map((e) => e.id))
    const c = events('Opportunity-o-3', 'OpportunityCreated')
    await withServer((s) => s.push('pull-1', 'Opportunity-o-3', 0, 'laptop-a', c))
    expect((await pullAll('pull-1', all.cursor)).ids).toEqual([c[0].id])
  })

  it('gives back an event as it was pushed, with the device it came from', async () => {
    const [event] = events('Opportunity-o-1', 'OpportunityCreated')
    await withServer((s) => s.push('pull-2', 'Opportunity-o-1', 0, 'laptop-a', [event]))
    const [pulled] = await withServer((s) => s.pull('pull-2', START))
    expect(pulled.event).toEqual(event)
    expect(pulled.origin).toBe('laptop-a')
  })

  it('sends a laptop its own events bare when it holds them, and in full, on every page, when it does not', async () => {
    const mine = events('Opportunity-o-1', 'OpportunityCreated', 'OpportunityQualified', 'ProposalSent')
    const theirs = events('Opportunity-o-2', 'OpportunityCreated')
    await withServer(async (s) => {
      await s.push('pull-7', 'Opportunity-o-1', 0, 'laptop-a', mine)
      await s.push('pull-7', 'Opportunity-o-2', 0, 'laptop-b', theirs)
    })
    const pages = (has: (id: string) => boolean) => withServer(async (s) => {
      // Pages of two: the first read through stormbook.pull, the later ones from the table.
      const first = await s.pull('pull-7', START, 2, { device: 'laptop-a', has })
      const rest = await s.pull('pull-7', first[1].cursor, 10, { device: 'laptop-a', has })
      return [...first, ...rest]
    })
    const holding = await pages((id) => mine.some((e) => e.id === id))
    expect(holding.map((p) => [p.event.id, p.held ?? false])).toEqual([[mine[0].id, true], [mine[1].id, true], [mine[2].id, true], [theirs[0].id, false]])
    expect(holding[0].event).toEqual({ id: mine[0].id, stream: 'Opportunity-o-1', version: 1 })
    expect(holding[3].event).toEqual(theirs[0])
    // A log restored from a backup holds only the first of them: the others come in full, as pushed.
    const restored = await pages((id) => id === mine[0].id)
    expect(restored.map((p) => p.held ?? false)).toEqual([true, false, false, false])
    expect(restored.slice(1).map((p) => p.event)).toEqual([mine[1], mine[2], theirs[0]])
  })

  it('never skips an event whose transaction commits after a later one: it waits, then sees both exactly once', async () => {
    const early = new pg.Client({ connectionString: url })
    const late = new pg.Client({ connectionString: url })
    await early.connect()
    await late.connect()
    try {
      // The early transaction writes first (the smaller position and transaction id) but commits last.
      const first = events('Opportunity-o-1', 'OpportunityCreated')
      await early.query('BEGIN')
      await early.query('SELECT stormbook.push($1, $2, 0, $3, $4::jsonb)', ['pull-3', 'Opportunity-o-1', 'laptop-a', JSON.stringify(first)])
      const second = events('Opportunity-o-2', 'OpportunityCreated')
      await late.query('SELECT stormbook.push($1, $2, 0, $3, $4::jsonb)', ['pull-3', 'Opportunity-o-2', 'laptop-b', JSON.stringify(second)])
      // A cursor on position alone would read the second (position 2) now and never look back at 1.
      const whileOpen = await pullAll('pull-3')
      expect(whileOpen.ids).toEqual([])
      await early.query('COMMIT')
      const after = await pullAll('pull-3', whileOpen.cursor)
      expect(after.ids).toEqual([first[0].id, second[0].id])
      expect((await pullAll('pull-3', after.cursor)).ids).toEqual([])
    } finally {
      await early.end()
      await late.end()
    }
  })

  it('gives a stream’s events in version order, however the pushes to it raced', async () => {
    const stream = 'Opportunity-race'
    const devices = Array.from({ length: 4 }, (_, i) => `laptop-${i}`)
    await Promise.all(devices.map((device) => withServer(async (s) => {
      for (let written = 0; written < 3;) {
        const { rows } = await cluster().sql("SELECT coalesce(max(version), 0)::int AS v FROM stormbook.events WHERE team = 'pull-5' AND stream = $1", [stream], 'team')
        const answer = await s.push('pull-5', stream, rows[0].v, device, events(stream, 'OpportunityUpdated'))
        if (answer.status === 'ok') written++
      }
    })))
    const pulled = await withServer((s) => s.pull('pull-5', START, 100))
    expect(pulled.map((p) => p.event.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  it('refuses a push that is not the first write of its transaction (its id would come too early)', async () => {
    await expect(withClient(url, async (c) => {
      await c.query('BEGIN')
      await c.query('SELECT pg_current_xact_id()')
      await c.query('SELECT stormbook.push($1, $2, 0, $3, $4::jsonb)', ['pull-6', 'Opportunity-o-1', 'laptop-a', JSON.stringify(events('Opportunity-o-1', 'OpportunityCreated'))])
    })).rejects.toMatchObject({ code: 'SB003' })
  })

  it('sees every event exactly once while pushes race each other', async () => {
    const streams = Array.from({ length: 8 }, (_, i) => `Opportunity-r-${i}`)
    const pushed = streams.map((stream) => events(stream, 'OpportunityCreated', 'OpportunityQualified'))
    const seen: string[] = []
    let cursor = START
    const poller = (async () => {
      for (let round = 0; round < 200 && seen.length < 16; round++) {
        const got = await pullAll('pull-4', cursor, 3)
        seen.push(...got.ids)
        cursor = got.cursor
      }
    })()
    await Promise.all(pushed.map((batch, i) => withServer((s) => s.push('pull-4', streams[i], 0, `laptop-${i}`, batch))))
    await poller
    expect(seen.length).toBe(16)
    expect(new Set(seen)).toEqual(new Set(pushed.flat().map((e) => e.id)))
  })
})

describe('waking online clients', () => {
  it('notifies a listener of its team when a push commits', async () => {
    const woken: string[] = []
    const listener = await listenForEvents(url, 'wake-1', () => woken.push('wake-1'))
    try {
      await withServer((s) => s.push('wake-other', 'Opportunity-o-1', 0, 'laptop-a', events('Opportunity-o-1', 'OpportunityCreated')))
      await withServer((s) => s.push('wake-1', 'Opportunity-o-1', 0, 'laptop-a', events('Opportunity-o-1', 'OpportunityCreated')))
      await expect.poll(() => woken, { timeout: 5000 }).toEqual(['wake-1'])
    } finally {
      await listener.close()
    }
  })
})

describe('append-only, enforced by the server', () => {
  beforeAll(async () => {
    await cluster().sql('CREATE ROLE rep_anna LOGIN IN ROLE stormbook_rep')
    await cluster().sql("INSERT INTO stormbook.team_members VALUES ('rep-1', 'rep_anna')", [], 'team')
  })

  it('lets a rep push and read events', async () => {
    const repUrl = cluster().url('team', 'rep_anna')
    const answer = await withServer((s) => s.push('rep-1', 'Opportunity-o-1', 0, 'laptop-anna', events('Opportunity-o-1', 'OpportunityCreated')), repUrl)
    expect(answer.status).toBe('ok')
    expect(await withServer((s) => s.pull('rep-1', START), repUrl)).toHaveLength(1)
    const { rows } = await withClient(repUrl, (c) => c.query("SELECT pushed_by FROM stormbook.events WHERE team = 'rep-1'"))
    expect(rows).toEqual([{ pushed_by: 'rep_anna' }])
  })

  it('lets a rep test the connection: the server and schema versions, nothing more', async () => {
    const repUrl = cluster().url('team', 'rep_anna')
    const described = await withServer((s) => s.describe(), repUrl)
    expect(described.schemaVersion).toBe(MIGRATIONS.length)
    await expect(withClient(repUrl, (c) => c.query('DELETE FROM stormbook.migrations')), 'a rep cannot change the migrations').rejects.toMatchObject({ code: '42501' })
  })

  it('refuses a rep who tries to UPDATE, DELETE, TRUNCATE or INSERT around push (no privilege)', async () => {
    const repUrl = cluster().url('team', 'rep_anna')
    for (const sql of [
      "UPDATE stormbook.events SET type = 'Changed' WHERE team = 'rep-1'",
      "DELETE FROM stormbook.events WHERE team = 'rep-1'",
      'TRUNCATE stormbook.events',
      "UPDATE stormbook.streams SET version = 0 WHERE team = 'rep-1'",
      "INSERT INTO stormbook.events (event_id, team, stream, version, type, at, data, meta, origin) VALUES (gen_random_uuid(), 'rep-1', 'x', 1, 't', 'a', '{}', '{}', 'o')",
    ]) {
      await expect(withClient(repUrl, (c) => c.query(sql)), sql).rejects.toMatchObject({ code: '42501' })
    }
  })

  it('refuses even the owner: a trigger rejects every UPDATE, DELETE and TRUNCATE of events', async () => {
    for (const sql of ["UPDATE stormbook.events SET type = 'Changed'", 'DELETE FROM stormbook.events', 'TRUNCATE stormbook.events']) {
      await expect(cluster().sql(sql, [], 'team'), sql).rejects.toMatchObject({ code: 'SB001' })
    }
    const { rows } = await cluster().sql("SELECT count(*)::int AS n FROM stormbook.events WHERE team = 'rep-1' AND type = 'OpportunityCreated'", [], 'team')
    expect(rows[0].n).toBe(1)
  })
})

async function withClient<T>(at: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: at })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
