import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { EVENTS_CHANNEL, MIGRATIONS } from '../../../main/sync/migrations.ts'
import { migrate } from '../../../main/sync/schema.ts'
import { changeMembership, listenForEvents, SyncServer, type SyncedEvent, type Wakeup } from '../../../main/sync/server.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()
let admin = ''

beforeAll(async () => {
  admin = await cluster().createTeamServer('channels')
  await cluster().sql('CREATE ROLE rep_anna LOGIN IN ROLE stormbook_rep')
  await cluster().sql('CREATE ROLE rep_ben LOGIN IN ROLE stormbook_rep')
  await cluster().sql('CREATE ROLE rep_cleo LOGIN IN ROLE stormbook_rep')
  await cluster().sql("INSERT INTO stormbook.team_members VALUES ('north', 'rep_anna'), ('south', 'rep_ben'), ('north', 'rep_cleo')", [], 'channels')
})

const rep = (login: string, database = 'channels') => cluster().url(database, login)

/** One new deal's first event, as a laptop pushes it. */
function created(stream: string): SyncedEvent[] {
  return [{
    id: uuidv7(), stream, version: 1, type: 'OpportunityCreated', at: '2027-01-04T09:00:00.000Z', data: {},
    meta: { context: 'sales', aggregate: 'Opportunity', command: 'CreateOpportunity', commandId: uuidv7(), actor: 'rep', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
  }]
}

async function push(url: string, team: string, stream: string, many = false): Promise<void> {
  const server = await SyncServer.connect(url)
  try {
    if (many) await server.pushMany(team, 'laptop', [{ stream, expected: 0, events: created(stream) }])
    else await server.push(team, stream, 0, 'laptop', created(stream))
  } finally {
    await server.close()
  }
}

/** A laptop's LISTEN, counting its wake-ups. */
async function laptop(url: string, team: string): Promise<{ woken: () => number; wakeup: Wakeup }> {
  let woken = 0
  const wakeup = await listenForEvents(url, team, () => woken++)
  return { woken: () => woken, wakeup }
}

/** The team's channel, as the server's owner sees it. */
async function channelOf(team: string): Promise<string> {
  return (await cluster().sql('SELECT stormbook.listen_channel($1) AS channel', [team], 'channels')).rows[0].channel
}

/** A raw connection LISTENing on a channel, as an old laptop (or a curious rep) would; answers what it heard. */
async function eavesdrop(url: string, channel: string): Promise<{ heard: string[]; client: pg.Client }> {
  const client = new pg.Client({ connectionString: url })
  const heard: string[] = []
  await client.connect()
  client.on('notification', (m) => heard.push(`${m.channel}:${m.payload ?? ''}`))
  await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
  return { heard, client }
}

describe('a channel per team (migration 6)', () => {
  it('wakes a laptop of team north on north\'s push and not on south\'s, by push and by push_many', async () => {
    const anna = await laptop(rep('rep_anna'), 'north')
    const ben = await laptop(rep('rep_ben'), 'south')
    try {
      await push(rep('rep_ben'), 'south', 'Opportunity-s-1')
      await push(rep('rep_anna'), 'north', 'Opportunity-n-1')
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(1)
      await expect.poll(ben.woken, { timeout: 5000 }).toBe(1)
      await push(rep('rep_ben'), 'south', 'Opportunity-s-2', true)
      await push(rep('rep_anna'), 'north', 'Opportunity-n-2', true)
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(2)
      await expect.poll(ben.woken, { timeout: 5000 }).toBe(2)
      // Each connection hears its notifications in commit order: south's came first, and woke no one else.
      expect([anna.woken(), ben.woken()]).toEqual([2, 2])
    } finally {
      await anna.wakeup.close()
      await ben.wakeup.close()
    }
  })

  it('gives each team a channel under 63 bytes that names no team, and an empty payload', async () => {
    const { rows } = await cluster().sql("SELECT stormbook.listen_channel(t) AS channel FROM unnest(ARRAY['north', 'south']) t", [], 'channels')
    for (const { channel } of rows) {
      expect(channel).toMatch(/^stormbook_[0-9a-f]{32}$/)
      expect(Buffer.byteLength(channel)).toBeLessThanOrEqual(63)
    }
    expect(rows[0].channel).not.toBe(rows[1].channel)
    const north = await eavesdrop(admin, rows[0].channel)
    try {
      await push(rep('rep_anna'), 'north', 'Opportunity-n-3')
      await expect.poll(() => north.heard, { timeout: 5000 }).toEqual([`${rows[0].channel}:`])
    } finally {
      await north.client.end()
    }
  })

  it('tells a non-member nothing: its LISTEN is refused with SYNC_NOT_A_MEMBER and it cannot read the channels', async () => {
    await expect(listenForEvents(rep('rep_ben'), 'north', () => undefined)).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
    const ben = new pg.Client({ connectionString: rep('rep_ben') })
    await ben.connect()
    try {
      await expect(ben.query('SELECT * FROM stormbook.channel_secret')).rejects.toMatchObject({ code: '42501' })
      await expect(ben.query("SELECT stormbook.team_channel('north')")).rejects.toMatchObject({ code: '42501' })
    } finally {
      await ben.end()
    }
  })

  it('no longer says on the shared channel which team received events (an old laptop hears nothing there)', async () => {
    const old = await eavesdrop(rep('rep_ben'), EVENTS_CHANNEL)
    const anna = await laptop(rep('rep_anna'), 'north')
    try {
      await push(rep('rep_anna'), 'north', 'Opportunity-n-4')
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(1)
      await push(rep('rep_anna'), 'north', 'Opportunity-n-5', true)
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(2)
      expect(old.heard).toEqual([])
    } finally {
      await old.client.end()
      await anna.wakeup.close()
    }
  })

  it('moves the team to a new channel when a member is removed: the others follow, the removed login hears no more', async () => {
    const anna = await laptop(rep('rep_anna'), 'north')
    const cleo = await laptop(rep('rep_cleo'), 'north')
    const before = await channelOf('north')
    const cleoRaw = await eavesdrop(rep('rep_cleo'), before)
    try {
      await changeMembership(admin, 'remove', 'north', 'rep_cleo')
      // Both laptops hear "moved" and run a round (which, for Cleo, will say she is no longer a member).
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(1)
      await expect.poll(cleo.woken, { timeout: 5000 }).toBe(1)
      await push(rep('rep_anna'), 'north', 'Opportunity-n-6')
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(2)
      const after = await channelOf('north')
      expect(after).not.toBe(before)
      expect(cleo.woken()).toBe(1)
      expect(cleoRaw.heard).toEqual([`${before}:moved`])
    } finally {
      await cleoRaw.client.end()
      await anna.wakeup.close()
      await cleo.wakeup.close()
      await changeMembership(admin, 'add', 'north', 'rep_cleo')
    }
  })

  it('upgrades a server at schema 5: pushes still record and wake members, on their team\'s channel', async () => {
    const url = await cluster().createDatabase('upgrade6')
    const at = async (work: (client: pg.Client) => Promise<unknown>) => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      try { return await work(c) } finally { await c.end() }
    }
    await at((c) => migrate(c, MIGRATIONS.filter((m) => m.version < 6)))
    await cluster().sql("INSERT INTO stormbook.team_members VALUES ('east', 'rep_anna')", [], 'upgrade6')
    // A laptop on the old server listens on the shared channel, and is woken by the team's name.
    const old = await laptop(rep('rep_anna', 'upgrade6'), 'east')
    await push(rep('rep_anna', 'upgrade6'), 'east', 'Opportunity-e-1')
    await expect.poll(old.woken, { timeout: 5000 }).toBe(1)
    await old.wakeup.close()

    await at((c) => migrate(c))
    const anna = await laptop(rep('rep_anna', 'upgrade6'), 'east')
    try {
      await push(rep('rep_anna', 'upgrade6'), 'east', 'Opportunity-e-2', true)
      await push(rep('rep_anna', 'upgrade6'), 'east', 'Opportunity-e-3')
      await expect.poll(anna.woken, { timeout: 5000 }).toBe(2)
      const { rows } = await cluster().sql("SELECT count(*)::int AS n FROM stormbook.events WHERE team = 'east'", [], 'upgrade6')
      expect(rows[0].n).toBe(3)
    } finally {
      await anna.wakeup.close()
    }
  })
})
