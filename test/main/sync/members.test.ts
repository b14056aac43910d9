import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { syncCommand } from '../../../main/sync/cli.ts'
import { MIGRATIONS } from '../../../main/sync/migrations.ts'
import { migrate } from '../../../main/sync/schema.ts'
import { START, SyncServer, type SyncedEvent } from '../../../main/sync/server.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()
let admin = ''

beforeAll(async () => {
  admin = await cluster().createTeamServer('members')
  await cluster().sql('CREATE ROLE rep_mia LOGIN IN ROLE stormbook_rep')
  await cluster().sql('CREATE ROLE rep_ola LOGIN IN ROLE stormbook_rep')
})

const rep = (login: string, database = 'members') => cluster().url(database, login)

/** One new deal's first event, as a laptop pushes it. */
function created(stream: string): SyncedEvent[] {
  return [{
    id: uuidv7(), stream, version: 1, type: 'OpportunityCreated', at: '2027-01-04T09:00:00.000Z', data: {},
    meta: { context: 'sales', aggregate: 'Opportunity', command: 'CreateOpportunity', commandId: uuidv7(), actor: 'rep', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
  }]
}

async function as<T>(url: string, work: (server: SyncServer) => Promise<T>): Promise<T> {
  const server = await SyncServer.connect(url)
  try {
    return await work(server)
  } finally {
    await server.close()
  }
}

async function select(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

/** Runs `stormbook sync <words…>` with flags; answers the exit code and what it printed. */
async function cli(words: string[], flags: Record<string, string | true>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await syncCommand(words, new Map(Object.entries(flags)), { out: (l) => out.push(l), err: (l) => err.push(l), clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  return { code, out, err }
}

describe('team membership, enforced by the server', () => {
  it('lets a member, added by the admin with sync add-member, push and pull the team', async () => {
    const added = await cli(['add-member', admin], { team: 'north', login: 'rep_mia' })
    expect(added).toMatchObject({ code: 0, out: ['"rep_mia" is now a member of team "north".'] })
    expect((await cli(['add-member', admin], { team: 'north', login: 'rep_mia' })).out).toEqual(['"rep_mia" was a member of team "north" already.'])

    expect((await as(rep('rep_mia'), (s) => s.push('north', 'Opportunity-n-1', 0, 'laptop-mia', created('Opportunity-n-1')))).status).toBe('ok')
    expect((await as(rep('rep_mia'), (s) => s.pushMany('north', 'laptop-mia', [{ stream: 'Opportunity-n-2', expected: 0, events: created('Opportunity-n-2') }])))[0].status).toBe('ok')
    expect((await as(rep('rep_mia'), (s) => s.pull('north', START))).map((p) => p.event.stream)).toEqual(['Opportunity-n-1', 'Opportunity-n-2'])
    expect(await as(rep('rep_mia'), (s) => s.count('north', START))).toBe(2)
  })

  it('refuses a non-member\'s push with SYNC_NOT_A_MEMBER, naming the team, and records nothing', async () => {
    const push = as(rep('rep_ola'), (s) => s.push('north', 'Opportunity-n-9', 0, 'laptop-ola', created('Opportunity-n-9')))
    await expect(push).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER', message: expect.stringMatching(/"rep_ola" is not a member of team "north"/) })
    const many = as(rep('rep_ola'), (s) => s.pushMany('north', 'laptop-ola', [{ stream: 'Opportunity-n-9', expected: 0, events: created('Opportunity-n-9') }]))
    await expect(many).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
    expect(await select(admin, "SELECT stream FROM stormbook.events WHERE stream = 'Opportunity-n-9' UNION ALL SELECT stream FROM stormbook.streams WHERE stream = 'Opportunity-n-9'")).toEqual([])
  })

  it('shows a non-member none of the team\'s events: pull is refused, SELECTs on events and streams see nothing', async () => {
    await expect(as(rep('rep_ola'), (s) => s.pull('north', START))).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
    expect(await as(rep('rep_ola'), (s) => s.count('north', START))).toBe(0)
    expect(await select(rep('rep_ola'), 'SELECT * FROM stormbook.events')).toEqual([])
    expect(await select(rep('rep_ola'), 'SELECT * FROM stormbook.streams')).toEqual([])
    expect(await select(rep('rep_ola'), 'SELECT * FROM stormbook.team_members').catch((e: { code: string }) => e.code)).toBe('42501')
  })

  it('shows a member only the rows of its own teams', async () => {
    await cli(['add-member', admin], { team: 'south', login: 'rep_ola' })
    await as(rep('rep_ola'), (s) => s.push('south', 'Opportunity-s-1', 0, 'laptop-ola', created('Opportunity-s-1')))
    expect(await select(rep('rep_ola'), 'SELECT DISTINCT team FROM stormbook.events')).toEqual([{ team: 'south' }])
    expect(await select(rep('rep_mia'), 'SELECT DISTINCT team FROM stormbook.streams')).toEqual([{ team: 'north' }])
  })

  it('sync remove-member takes the team away: the next push and pull are refused', async () => {
    expect((await cli(['remove-member', admin], { team: 'south', login: 'rep_ola' })).out).toEqual(['"rep_ola" is no longer a member of team "south".'])
    expect((await cli(['remove-member', admin], { team: 'south', login: 'rep_ola' })).out).toEqual(['"rep_ola" was not a member of team "south".'])
    await expect(as(rep('rep_ola'), (s) => s.push('south', 'Opportunity-s-1', 1, 'laptop-ola', created('Opportunity-s-1')))).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
    await expect(as(rep('rep_ola'), (s) => s.pull('south', START))).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
  })

  it('reads a member\'s later pages from the table, and shows a member removed mid-pull nothing more', async () => {
    await cli(['add-member', admin], { team: 'east', login: 'rep_ola' })
    for (const n of [1, 2, 3]) await as(rep('rep_ola'), (s) => s.push('east', `Opportunity-e-${n}`, 0, 'laptop-ola', created(`Opportunity-e-${n}`)))
    await as(admin, (s) => s.push('west', 'Opportunity-w-9', 0, 'laptop-admin', created('Opportunity-w-9')))
    await as(rep('rep_ola'), async (s) => {
      const first = await s.pull('east', START, 1)
      const second = await s.pull('east', first[0].cursor, 1)
      expect([...first, ...second].map((p) => p.event.stream)).toEqual(['Opportunity-e-1', 'Opportunity-e-2'])
      // The west team's pages are checked on their own: this connection reading east gives no way in.
      await expect(s.pull('west', START)).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
      await cli(['remove-member', admin], { team: 'east', login: 'rep_ola' })
      expect(await s.pull('east', second[0].cursor)).toEqual([])
    })
    await expect(as(rep('rep_ola'), (s) => s.pull('east', START))).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
  })

  it('refuses membership changes by a rep, for an unknown login, or without --team', async () => {
    const byRep = await cli(['add-member', rep('rep_ola')], { team: 'north', login: 'rep_ola' })
    expect(byRep).toMatchObject({ code: 1, err: [expect.stringMatching(/^sync: SYNC_FORBIDDEN: /)] })
    const unknown = await cli(['add-member', admin], { team: 'north', login: 'rep_nobody' })
    expect(unknown).toMatchObject({ code: 2, err: [expect.stringMatching(/SYNC_UNKNOWN_LOGIN: .*no login "rep_nobody"/)] })
    expect((await cli(['add-member', admin], { login: 'rep_ola', json: true })).out.map((l) => JSON.parse(l))).toEqual([{ ok: false, error: expect.objectContaining({ code: 'USAGE', details: { field: 'team' } }) }])
    expect(await select(admin, "SELECT login FROM stormbook.team_members WHERE team = 'north' ORDER BY login")).toEqual([{ login: 'rep_mia' }])
  })
})

describe('upgrading a server to team membership', () => {
  it('enrolls every login that already pushed to a team, so no one syncing is locked out', async () => {
    const url = await cluster().createDatabase('upgrade')
    const at = (work: (client: pg.Client) => Promise<unknown>) => { const c = new pg.Client({ connectionString: url }); return c.connect().then(() => work(c)).finally(() => c.end()) }
    await at((c) => migrate(c, MIGRATIONS.filter((m) => m.version < 5)))
    await as(rep('rep_mia', 'upgrade'), (s) => s.push('east', 'Opportunity-e-1', 0, 'laptop-mia', created('Opportunity-e-1')))
    await as(rep('rep_ola', 'upgrade'), (s) => s.push('west', 'Opportunity-w-1', 0, 'laptop-ola', created('Opportunity-w-1')))

    await at((c) => migrate(c))
    expect(await select(url, 'SELECT team, login FROM stormbook.team_members ORDER BY team')).toEqual([{ team: 'east', login: 'rep_mia' }, { team: 'west', login: 'rep_ola' }])
    expect(await as(rep('rep_mia', 'upgrade'), (s) => s.pull('east', START))).toHaveLength(1)
    expect((await as(rep('rep_mia', 'upgrade'), (s) => s.push('east', 'Opportunity-e-2', 0, 'laptop-mia', created('Opportunity-e-2')))).status).toBe('ok')
    await expect(as(rep('rep_mia', 'upgrade'), (s) => s.pull('west', START))).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
  })
})
