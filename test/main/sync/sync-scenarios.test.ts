import { readFileSync } from 'node:fs'
import { MIGRATIONS } from '../../../main/sync/migrations.ts'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { syncCommand, type SyncIo } from '../../../main/sync/cli.ts'
import { SyncServer } from '../../../main/sync/server.ts'
import { openSyncService } from '../../../main/sync/sync-service.ts'
import { syncOnce, type SyncServerPort } from '../../../main/sync/sync-client.ts'
import { readSyncState, writeSyncState } from '../../../main/sync/sync-state.ts'
import { openWorkspaceLog } from '../../../main/sync/workspace-log.ts'
import { usePostgres } from '../../support/postgres.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let team = 0

beforeAll(async () => {
  await cluster().createTeamServer('sales')
  // The laptops log in as reps: they may push and read, nothing more.
  await cluster().sql('CREATE ROLE rep_anna LOGIN IN ROLE stormbook_rep')
  await cluster().sql('CREATE ROLE rep_ben LOGIN IN ROLE stormbook_rep')
})

/** A laptop: a workspace folder and the rep who syncs it. */
interface Laptop {
  dir: string
  rep: string
}

function laptop(rep: string): Laptop {
  return { dir: tempDir(), rep }
}

const urlOf = (l: Laptop) => cluster().url('sales', l.rep)

/** Records commands on a laptop, as the app would (then closes the workspace, as the CLI needs). */
async function work(l: Laptop, ...commands: Array<{ command: string; data: Record<string, unknown> }>): Promise<void> {
  const ws = await openWorkspace(l.dir, { contexts, clock })
  try {
    for (const command of commands) {
      const result = await ws.engine.dispatch({ ...command, actor: l.rep })
      expect(result.ok, JSON.stringify(result)).toBe(true)
    }
  } finally {
    await ws.close()
  }
}

/** Runs `stormbook sync <dir> --url … --team …` and answers its exit code and output. */
async function sync(l: Laptop, teamName: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[]; json: Record<string, unknown> }> {
  const out: string[] = []
  const err: string[] = []
  const io: SyncIo = { out: (line) => out.push(line), err: (line) => err.push(line), clock }
  // Every laptop here belongs to the team it syncs with (the admin enrolled its login).
  if (teamName) await cluster().sql('INSERT INTO stormbook.team_members VALUES ($1, $2) ON CONFLICT DO NOTHING', [teamName, l.rep], 'sales')
  const code = await syncCommand([l.dir], new Map<string, string | true>([['url', urlOf(l)], ['team', teamName], ['json', true], ...Object.entries(extra)]), io)
  return { code, out, err, json: out.length ? JSON.parse(out[0]) : {} }
}

/** What a rep sees: the pipeline, the opportunities and the customers, from the laptop's read models. */
async function readModels(l: Laptop): Promise<unknown> {
  const ws = await openWorkspace(l.dir, { contexts, clock, readOnly: true })
  try {
    const answer = (name: string) => {
      const result = ws.engine.query(name, {})
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      return result.value
    }
    return { pipeline: answer('Pipeline'), opportunities: answer('Opportunities'), customers: answer('Customers') }
  } finally {
    await ws.close()
  }
}

function eventIds(l: Laptop): string[] {
  return readFileSync(join(l.dir, 'events.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line).id).sort()
}

async function serverCount(teamName: string): Promise<number> {
  const { rows } = await cluster().sql('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM stormbook.events WHERE team = $1', [teamName], 'sales')
  expect(rows[0].d).toBe(rows[0].n)
  return rows[0].n
}

const customer = (customerId: string) => ({ command: 'RegisterCustomer', data: { customerId, name: customerId.toUpperCase() } })
const deal = (opportunityId: string, customerId = 'acme', amount = '1000') => ({
  command: 'CreateOpportunity',
  data: { opportunityId, customerId, name: `Deal ${opportunityId}`, kind: 'new', amount, closeDate: '2027-03-31', salesOwner: 'rep-7' },
})
const qualify = (opportunityId: string) => ({ command: 'QualifyOpportunity', data: { opportunityId } })
const propose = (opportunityId: string) => ({ command: 'SendProposal', data: { opportunityId } })
const reprice = (opportunityId: string, amount: string) => ({ command: 'UpdateOpportunity', data: { opportunityId, amount } })

describe('two laptops sharing a pipeline through the server', () => {
  it('end with the same events and identical read models', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    const ben = laptop('rep_ben')
    await work(anna, customer('acme'), deal('o-1'), qualify('o-1'))
    await work(ben)
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pushed: 3, pulled: 0, conflicts: [] } })
    expect(await sync(ben, name)).toMatchObject({ code: 0, json: { pushed: 0, pulled: 3 } })
    // Ben decides on what he pulled: the customer exists on his laptop now.
    await work(ben, deal('o-2', 'acme', '500'), propose('o-1'))
    expect(await sync(ben, name)).toMatchObject({ code: 0, json: { pushed: 2 } })
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pushed: 0, pulled: 2 } })
    expect(eventIds(anna)).toEqual(eventIds(ben))
    expect(await readModels(anna)).toEqual(await readModels(ben))
    expect(await serverCount(name)).toBe(5)
  })

  it('both edit different deals offline, then sync: each has the other’s work', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    const ben = laptop('rep_ben')
    await work(anna, customer('acme'), deal('o-1'), deal('o-2'))
    await sync(anna, name)
    await work(ben)
    await sync(ben, name)
    await work(anna, qualify('o-1'), reprice('o-1', '1200'))
    await work(ben, qualify('o-2'), propose('o-2'), customer('globex'), deal('o-3', 'globex'))
    expect((await sync(anna, name)).code).toBe(0)
    expect((await sync(ben, name)).code).toBe(0)
    expect((await sync(anna, name)).code).toBe(0)
    expect(eventIds(anna)).toEqual(eventIds(ben))
    const models = await readModels(anna)
    expect(models).toEqual(await readModels(ben))
    expect(JSON.stringify(models)).toContain('globex')
    expect(await serverCount(name)).toBe(9)
  })

  it('a retried push (the laptop forgot it had pushed) is answered duplicate, not an error, and nothing is doubled', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    await work(anna, customer('acme'), deal('o-1'))
    await sync(anna, name)
    const state = readSyncState(anna.dir)!
    writeSyncState(anna.dir, { ...state, pushedUpTo: 0, cursor: { tx: '0', position: '0' } })
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pushed: 0, duplicates: 2, pulled: 0 } })
    expect(await serverCount(name)).toBe(2)
    expect(eventIds(anna)).toHaveLength(2)
  })

  it('the server stopped in the middle of a push: syncing again loses nothing and doubles nothing', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    const ben = laptop('rep_ben')
    await work(anna, customer('acme'), deal('o-1'), deal('o-2'), deal('o-3'), qualify('o-2'))
    await work(ben)
    await cluster().sql('INSERT INTO stormbook.team_members VALUES ($1, $2)', [name, 'rep_anna'], 'sales')
    // The first stream's batch is recorded, then the server goes down before the next.
    writeSyncState(anna.dir, { format: 1, team: name, device: 'anna-laptop', pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null })
    const log = await openWorkspaceLog(anna.dir, () => clock.now())
    const server = await SyncServer.connect(urlOf(anna))
    let pushes = 0
    const failing: SyncServerPort = {
      async push(...args) {
        const answer = await server.push(...args)
        if (++pushes === 1) await cluster().stop()
        return answer
      },
      pull: (...args) => server.pull(...args),
    }
    try {
      await expect(syncOnce({ log, server: failing, state: readSyncState(anna.dir)!, clock, save: (s) => writeSyncState(anna.dir, s) })).rejects.toMatchObject({ code: 'SYNC_SERVER_UNREACHABLE' })
    } finally {
      await server.close()
      await log.close()
      await cluster().start()
    }
    expect(readSyncState(anna.dir)!.pushedUpTo).toBe(0)
    expect(await serverCount(name)).toBe(1)
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pushed: 4, duplicates: 1 } })
    expect(await serverCount(name)).toBe(5)
    await sync(ben, name)
    expect(eventIds(ben)).toEqual(eventIds(anna))
    expect(await readModels(ben)).toEqual(await readModels(anna))
  })

  it('the same deal changed on both: the later laptop rebases, its change decided again on theirs and pushed (exit 0)', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    const ben = laptop('rep_ben')
    await work(anna, customer('acme'), deal('o-1'), qualify('o-1'))
    await sync(anna, name)
    await work(ben)
    await sync(ben, name)
    await work(anna, propose('o-1'))
    await work(ben, reprice('o-1', '900'), deal('o-9'))
    expect((await sync(anna, name)).code).toBe(0)
    expect(await sync(ben, name)).toMatchObject({ code: 0, json: { rebased: 1, refused: [], conflicts: [] } })
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pulled: 2 } })
    const o1 = ((await readModels(ben)) as { opportunities: Array<Record<string, unknown>> }).opportunities.find((o) => o.opportunityId === 'o-1')
    expect(o1).toMatchObject({ stage: 'proposal', amount: '900.00' })
    expect(await readModels(anna)).toEqual(await readModels(ben))
  })

  it('a change their event refuses: exit 3, listed in words (the command, the deal, the rule) until discarded, then archived', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    const ben = laptop('rep_ben')
    await work(anna, customer('acme'), deal('o-1'))
    await sync(anna, name)
    await sync(ben, name)
    await work(anna, qualify('o-1'))
    await work(ben, qualify('o-1'), deal('o-9'))
    await sync(anna, name)
    const text: string[] = []
    const io: SyncIo = { out: (l) => text.push(l), err: (l) => text.push(l), clock }
    expect(await syncCommand([ben.dir], new Map<string, string | true>([['url', urlOf(ben)]]), io)).toBe(3)
    expect(text.join('\n')).toContain('REFUSED Qualify opportunity Deal o-1\n    because Opportunity Deal o-1 is in qualification, not prospecting (NOT_PROSPECTING)')
    expect(text.at(-1)).toBe('  1 conflict(s).')
    // Ben's other deal went out all the same.
    expect(await sync(anna, name)).toMatchObject({ code: 0, json: { pulled: 1 } })
    const status = async () => {
      const out: string[] = []
      const code = await syncCommand(['status', ben.dir], new Map([['json', true]]), { out: (l) => out.push(l), err: (l) => out.push(l), clock })
      return { code, ...JSON.parse(out[0]) }
    }
    expect(await status()).toMatchObject({ code: 3, pending: 0, conflicts: [], refused: [{ command: 'QualifyOpportunity', code: 'NOT_PROSPECTING' }], archived: 0, superseded: 1 })
    // Discarded in the app: archived, and the next sync is in sync.
    const ws = await openWorkspace(ben.dir, { contexts, clock })
    const service = openSyncService({ workspaceDir: ben.dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined })
    await service.discard(service.conflicts()[0].id)
    await service.close()
    await ws.close()
    expect(await status()).toMatchObject({ code: 0, refused: [], archived: 1 })
    expect(await sync(ben, name)).toMatchObject({ code: 0, json: { refused: [] } })
    expect(await readModels(anna)).toEqual(await readModels(ben))
  })

  it('a new folder joins the team as a new workspace, with the team’s pipeline', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    await work(anna, customer('acme'), deal('o-1'))
    await sync(anna, name)
    const carl = { dir: join(tempDir(), 'carl'), rep: 'rep_ben' }
    expect(await sync(carl, name)).toMatchObject({ code: 0, json: { pulled: 2 } })
    expect(await readModels(carl)).toEqual(await readModels(anna))
  })
})

describe('stormbook sync, the command', () => {
  it('status tells pending events before and after a sync', async () => {
    const name = `team-${++team}`
    const anna = laptop('rep_anna')
    await work(anna, customer('acme'))
    const status = async () => {
      const out: string[] = []
      expect(await syncCommand(['status', anna.dir], new Map([['json', true]]), { out: (l) => out.push(l), err: (l) => out.push(l), clock })).toBe(0)
      return JSON.parse(out[0])
    }
    expect(await status()).toMatchObject({ synced: false, events: 1, pending: 1, conflicts: [] })
    await sync(anna, name)
    expect(await status()).toMatchObject({ synced: true, team: name, events: 1, pending: 0, lastSyncAt: clock.now() })
    await work(anna, deal('o-1'))
    expect(await status()).toMatchObject({ pending: 1 })
  })

  it('refuses misuse with a code and the field, writing nothing (exit 2)', async () => {
    const anna = laptop('rep_anna')
    await work(anna, customer('acme'))
    const first = await syncCommand([anna.dir], new Map<string, string | true>([['url', urlOf(anna)], ['json', true]]), { out: () => undefined, err: () => undefined, clock })
    expect(first).toBe(2)
    expect(readSyncState(anna.dir)).toBeUndefined()
    expect(await sync(anna, 'north')).toMatchObject({ code: 0 })
    expect(await sync(anna, 'south')).toMatchObject({ code: 2, json: { error: { code: 'SYNC_TEAM_MISMATCH', details: { field: 'team' } } } })
    expect(await sync(anna, 'north', { url: 'http://example.org' })).toMatchObject({ code: 2, json: { error: { code: 'INVALID_URL', details: { field: 'url' } } } })
  })

  it('fails (exit 1) while the app has the workspace open, and when the server cannot be reached', async () => {
    const anna = laptop('rep_anna')
    await work(anna, customer('acme'))
    const ws = await openWorkspace(anna.dir, { contexts, clock })
    try {
      expect(await sync(anna, 'north')).toMatchObject({ code: 1, json: { error: { code: 'WORKSPACE_LOCKED', message: expect.stringMatching(/open in another Stormbook/) } } })
      expect(readSyncState(anna.dir)).toBeUndefined()
    } finally {
      await ws.close()
    }
    const gone = await syncCommand([anna.dir], new Map<string, string | true>([['url', `postgresql://rep_anna@/sales?host=${encodeURIComponent(join(cluster().dir, 'nowhere'))}`], ['team', 'north'], ['json', true]]), { out: () => undefined, err: () => undefined, clock })
    expect(gone).toBe(1)
  })

  it('sync init creates the schema on an empty database, and changes nothing the second time', async () => {
    const url = await cluster().createDatabase('fresh')
    const out: string[] = []
    const io: SyncIo = { out: (l) => out.push(l), err: (l) => out.push(l), clock }
    expect(await syncCommand(['init', url], new Map(), io)).toBe(0)
    expect(await syncCommand(['init', url], new Map(), io)).toBe(0)
    expect(out).toEqual([expect.stringMatching(new RegExp(`at version ${MIGRATIONS.length} \\(was 0\\)`)), `The server's Stormbook schema is up to date (version ${MIGRATIONS.length}).`])
  })
})

describe('the server’s password', () => {
  it('comes from PGPASSWORD: without it (and no keychain here) the sync fails in words, with a wrong one SYNC_AUTH_FAILED, with it the sync runs', async () => {
    await cluster().sql('CREATE ROLE password_required NOLOGIN')
    await cluster().sql("CREATE ROLE rep_carl LOGIN PASSWORD 'correct horse' IN ROLE stormbook_rep, password_required")
    const carl = laptop('rep_carl')
    await work(carl, customer('acme'))
    const saved = process.env.PGPASSWORD
    try {
      delete process.env.PGPASSWORD
      expect(await sync(carl, 'west')).toMatchObject({ code: 1, json: { error: { code: 'SYNC_PASSWORD_MISSING', message: expect.stringContaining('set PGPASSWORD or save the password in the app') } } })
      process.env.PGPASSWORD = 'wrong'
      expect(await sync(carl, 'west')).toMatchObject({ code: 1, json: { error: { code: 'SYNC_AUTH_FAILED' } } })
      process.env.PGPASSWORD = 'correct horse'
      expect(await sync(carl, 'west')).toMatchObject({ code: 0, json: { pushed: 1 } })
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD
      else process.env.PGPASSWORD = saved
    }
  })
})
