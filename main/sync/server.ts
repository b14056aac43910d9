import pg from 'pg'
import { codedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { EVENTS_CHANNEL } from './migrations.ts'
import { schemaVersion } from './schema.ts'

/** An event as it travels to and from the server: everything but the local position (positions are local). */
export type SyncedEvent = Omit<EventEnvelope, 'position'>

/** Where a puller stands: the last (transaction id, server position) it has read. Both as decimal text. */
export interface Cursor {
  tx: string
  position: string
}

/** The cursor before the first event. */
export const START: Cursor = { tx: '0', position: '0' }

/** What the server answers a stream's batch: recorded, recorded before (a retry), or someone was first. */
export interface PushAnswer {
  status: 'ok' | 'duplicate' | 'conflict'
  /** The stream's version on the server after the call (for a conflict: the version someone else reached). */
  version: number
  /** How many events this call recorded. */
  inserted: number
}

/** One stream's batch in a push of many streams. */
export interface StreamBatch {
  stream: string
  /** The version the laptop expects the server's stream to be at. */
  expected: number
  events: readonly SyncedEvent[]
}

/** An event read from the server, with the cursor just after it and the device that pushed it. */
export type PulledEvent =
  | { event: SyncedEvent; origin: string; cursor: Cursor; held?: undefined }
  /** Pushed by the pulling laptop and in its log already: sent bare, without data and meta (see `pull`). */
  | { held: true; event: Pick<SyncedEvent, 'id' | 'stream' | 'version'>; origin: string; cursor: Cursor }

/** The pulling laptop: its device, and whether its log holds an event (its own come bare when it does). */
export interface PullingLaptop {
  device: string
  has(eventId: string): boolean
}

/** Turns a driver failure into a coded error a person can act on. */
export function serverError(error: unknown, doing: string): Error {
  if ((error as Error)?.name === 'CodedError') return error as Error
  const e = error as { code?: string; message?: string }
  const message = e?.message ?? String(error)
  switch (e?.code) {
    case '3F000':
    case '42883':
    case '42P01':
      return codedError('SYNC_SCHEMA_MISSING', `${doing}: the server has no Stormbook schema (run \`stormbook sync init <url>\` first): ${message}`)
    case '42501':
      return codedError('SYNC_FORBIDDEN', `${doing}: the server refused: ${message}`)
    case 'SB001':
      return codedError('SYNC_APPEND_ONLY', `${doing}: ${message}`)
    case 'SB003':
      return codedError('SYNC_PUSH_NOT_FIRST', `${doing}: ${message}`)
    case 'SB002':
      return codedError('SYNC_EVENT_MISPLACED', `${doing}: ${message}`)
    case 'SB004':
      return codedError('SYNC_NOT_A_MEMBER', `${doing}: ${message}; the server's admin adds it with \`stormbook sync add-member <url> --team TEAM --login LOGIN\``)
    case '28P01':
    case '28000':
      return codedError('SYNC_AUTH_FAILED', `${doing}: ${message} (the password comes from PGPASSWORD)`)
    case 'ECONNREFUSED':
    case 'ENOENT':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case '57P01':
    case '57P03':
      return codedError('SYNC_SERVER_UNREACHABLE', `${doing}: the server cannot be reached: ${message}`)
  }
  if (/password/i.test(message) && !e?.code) {
    return codedError('SYNC_AUTH_FAILED', `${doing}: the server wants a password: ${message} (the password comes from PGPASSWORD)`)
  }
  if (/Connection terminated|connection ended|Client has encountered a connection error/i.test(message)) {
    return codedError('SYNC_SERVER_UNREACHABLE', `${doing}: the connection to the server was lost: ${message}`)
  }
  return codedError('SYNC_SERVER_ERROR', `${doing}: ${message}`, { sqlstate: e?.code ?? null })
}

/** Checks a server URL before anything connects with it (INVALID_URL names the field). */
export function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
    throw codedError('INVALID_URL', 'url: give the server as postgresql://user@host/database (the password comes from PGPASSWORD)', { field: 'url' })
  }
  return url
}

interface PullRow {
  tx_id: string
  position: string
  event_id: string
  stream: string
  version: number
  type: string
  at: string
  /** Null: pushed by the pulling laptop (sent bare). */
  data: Record<string, unknown> | null
  meta: EventEnvelope['meta'] | null
  origin: string
}

/**
 * The columns of a pulled page. An event pushed by the pulling device (`$5`) comes without data and meta:
 * its log holds it, since it pushed it from there (a workspace restored from a backup may not: those are
 * asked for again, in full, by id). A laptop thus never downloads back what it pushed.
 */
const PULL_COLUMNS = (e: string) => `${e}tx_id::text, ${e}position::text, ${e}event_id::text, ${e}stream, ${e}version, ${e}type, ${e}at,
  CASE WHEN ${e}origin = $5 THEN NULL ELSE ${e}data END AS data, CASE WHEN ${e}origin = $5 THEN NULL ELSE ${e}meta END AS meta, ${e}origin`

/** A page through stormbook.pull: refuses a login that is not a member of the team (SB004). */
const PULL_CHECKED = `SELECT ${PULL_COLUMNS('')} FROM stormbook.pull($1, $2::xid8, $3::bigint, $4) AS p(tx_id, position, event_id, stream, version, type, at, data, meta, origin)`

/**
 * The same page read from the table (stormbook.pull's query): after the cursor, only transactions below the
 * snapshot's xmin, so a transaction still open when the page is read can never commit an event behind it.
 */
const PULL_PAGE = `SELECT ${PULL_COLUMNS('e.')}
  FROM stormbook.events e
  WHERE e.team = $1 AND (e.tx_id, e.position) > ($2::xid8, $3::bigint) AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.tx_id, e.position
  LIMIT $4`

/** Data and meta of events by id (the bare ones a laptop does not hold after all). */
const PULL_IN_FULL = 'SELECT event_id::text, data, meta FROM stormbook.events WHERE team = $1 AND event_id = ANY($2::uuid[])'

/** How to log in: the password from the keychain (Electron) or, when absent, PGPASSWORD as libpq does. */
export interface Login {
  password?: string
}

/** A client for a server URL (the password given, else PGPASSWORD), answering driver errors as values later. */
function clientFor(url: string, login: Login): pg.Client {
  checkUrl(url)
  // pg lets the connection string's (absent) password win over a `password` option: put it in the string.
  const connectionString = login.password === undefined ? url : url.replace(/^([a-z]+:\/\/)(?:([^/@:]*)@)?/i, (_all, scheme: string, user?: string) => `${scheme}${user ?? ''}:${encodeURIComponent(login.password!)}@`)
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 })
  client.on('error', () => undefined) // a dropped connection fails the next call instead
  return client
}

/** One connection to a team's sync server: push a stream's batch, pull after a cursor. */
export class SyncServer {
  /** Whether the server has push_many (schema 2); a server not yet migrated is pushed to stream by stream. */
  private many = true

  /** Teams whose first page this connection read through stormbook.pull (the login is a member). */
  private readonly member = new Set<string>()

  private constructor(private readonly client: pg.Client) {}

  /** Connects (the password given, else from PGPASSWORD, as libpq does). */
  static async connect(url: string, login: Login = {}): Promise<SyncServer> {
    const client = clientFor(url, login)
    try {
      await client.connect()
    } catch (error) {
      await client.end().catch(() => undefined)
      throw serverError(error, 'connect')
    }
    return new SyncServer(client)
  }

  /** The server's PostgreSQL version and its Stormbook schema version (0: `sync init` never ran). */
  async describe(): Promise<{ serverVersion: string; schemaVersion: number }> {
    try {
      const { rows } = await this.client.query<{ version: string }>("SELECT current_setting('server_version') AS version")
      return { serverVersion: rows[0].version, schemaVersion: await schemaVersion(this.client) }
    } catch (error) {
      throw serverError(error, 'test connection')
    }
  }

  /** How many of the team's events follow the cursor (what a first pull has ahead of it). */
  async count(team: string, after: Cursor): Promise<number> {
    try {
      const { rows } = await this.client.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM stormbook.events WHERE team = $1 AND (tx_id, position) > ($2::xid8, $3::bigint)',
        [team, after.tx, after.position],
      )
      return Number(rows[0].n)
    } catch (error) {
      throw serverError(error, 'count')
    }
  }

  /** Records one stream's batch in one transaction if the stream is still at `expected` (see stormbook.push). */
  async push(team: string, stream: string, expected: number, origin: string, events: readonly SyncedEvent[]): Promise<PushAnswer> {
    const batch = events.map((e) => ({ id: e.id, type: e.type, at: e.at, data: e.data, meta: e.meta }))
    try {
      const { rows } = await this.client.query<{ answer: PushAnswer }>('SELECT stormbook.push($1, $2, $3, $4, $5::jsonb) AS answer', [
        team, stream, expected, origin, JSON.stringify(batch),
      ])
      return rows[0].answer
    } catch (error) {
      throw serverError(error, `push ${stream}`)
    }
  }

  /**
   * Records many streams' batches in one call and one transaction (stormbook.push_many): one answer per
   * batch, in order, each as `push` answers it. On a server at schema 1, pushes them one by one.
   */
  async pushMany(team: string, origin: string, batches: readonly StreamBatch[]): Promise<PushAnswer[]> {
    if (!this.many) return this.oneByOne(team, origin, batches)
    const payload = batches.map((b) => ({ stream: b.stream, expected: b.expected, events: b.events.map((e) => ({ id: e.id, type: e.type, at: e.at, data: e.data, meta: e.meta })) }))
    try {
      const { rows } = await this.client.query<{ answer: PushAnswer[] }>('SELECT stormbook.push_many($1, $2, $3::jsonb) AS answer', [team, origin, JSON.stringify(payload)])
      return rows[0].answer
    } catch (error) {
      if ((error as { code?: string }).code === '42883' && /push_many/.test((error as Error).message)) {
        this.many = false
        return this.oneByOne(team, origin, batches)
      }
      throw serverError(error, `push ${batches.length} streams`)
    }
  }

  private async oneByOne(team: string, origin: string, batches: readonly StreamBatch[]): Promise<PushAnswer[]> {
    const answers: PushAnswer[] = []
    for (const b of batches) answers.push(await this.push(team, b.stream, b.expected, origin, b.events))
    return answers
  }

  /**
   * Up to `limit` events of the team after `after`, in (tx_id, position) order; none committed late is ever
   * passed over. A connection's first page of a team comes through stormbook.pull, which refuses a login
   * that is not a member (SYNC_NOT_A_MEMBER); its later pages read the events table directly, where
   * row-level security shows a rep only the teams it belongs to: the same rows, at half the server's work
   * (a function's result is materialized, and a plain query's is streamed). A member removed meanwhile
   * reads empty pages, and the next round's first page says why. With `laptop`, the events it pushed and
   * holds come `held` (bare: id, stream and version).
   */
  async pull(team: string, after: Cursor, limit = 1000, laptop?: PullingLaptop): Promise<PulledEvent[]> {
    const sql = this.member.has(team) ? PULL_PAGE : PULL_CHECKED
    try {
      const { rows } = await this.client.query<PullRow>(sql, [team, after.tx, after.position, limit, laptop?.device ?? null])
      this.member.add(team)
      const missing = rows.filter((r) => r.data === null && !laptop?.has(r.event_id)).map((r) => r.event_id)
      if (missing.length > 0) await this.fillIn(team, rows, missing)
      return rows.map((r): PulledEvent => {
        const cursor = { tx: r.tx_id, position: r.position }
        if (r.data === null) return { held: true, event: { id: r.event_id, stream: r.stream, version: r.version }, origin: r.origin, cursor }
        return { event: { id: r.event_id, stream: r.stream, version: r.version, type: r.type, at: r.at, data: r.data, meta: r.meta! }, origin: r.origin, cursor }
      })
    } catch (error) {
      throw serverError(error, 'pull')
    }
  }

  /** Reads the data and meta of bare rows the laptop does not hold after all (its log restored from a backup). */
  private async fillIn(team: string, rows: PullRow[], ids: string[]): Promise<void> {
    const { rows: full } = await this.client.query<{ event_id: string; data: Record<string, unknown>; meta: EventEnvelope['meta'] }>(PULL_IN_FULL, [team, ids])
    const byId = new Map(full.map((f) => [f.event_id, f]))
    for (const r of rows) {
      if (r.data !== null) continue
      const found = byId.get(r.event_id)
      if (!found) continue // held by the laptop (checked above)
      r.data = found.data
      r.meta = found.meta
    }
    if (byId.size !== ids.length) throw codedError('SYNC_SERVER_ERROR', `pull: ${ids.length - byId.size} of this laptop's own events could not be read back in full`)
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined)
  }
}

/** What a membership change did: whether the team's member list changed (false: it was so already). */
export interface MembershipChange {
  team: string
  login: string
  changed: boolean
}

/**
 * Adds (`add`) or removes a login from a team's members (stormbook.team_members), connected as the
 * schema's owner: a rep login is refused (SYNC_FORBIDDEN). Adding a login the server does not know is
 * refused (SYNC_UNKNOWN_LOGIN), so a typo never enrolls no one.
 */
export async function changeMembership(url: string, action: 'add' | 'remove', team: string, login: string, credentials: Login = {}): Promise<MembershipChange> {
  if (!team) throw codedError('USAGE', 'name the team: --team NAME', { field: 'team' })
  if (!login) throw codedError('USAGE', 'name the login: --login NAME', { field: 'login' })
  const client = clientFor(url, credentials)
  const doing = `${action === 'add' ? 'add' : 'remove'} member "${login}" of team "${team}"`
  try {
    await client.connect()
    if (action === 'add') {
      const known = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login])
      if (known.rowCount === 0) throw codedError('SYNC_UNKNOWN_LOGIN', `${doing}: the server has no login "${login}" (create it first: CREATE ROLE ${login} LOGIN IN ROLE stormbook_rep)`, { field: 'login' })
    }
    const result = action === 'add'
      ? await client.query('INSERT INTO stormbook.team_members (team, login) VALUES ($1, $2) ON CONFLICT DO NOTHING', [team, login])
      : await client.query('DELETE FROM stormbook.team_members WHERE team = $1 AND login = $2', [team, login])
    return { team, login, changed: (result.rowCount ?? 0) > 0 }
  } catch (error) {
    throw serverError(error, doing)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A LISTEN connection: calls `onWake` whenever a push for the team commits. */
export interface Wakeup {
  close(): Promise<void>
}

/** What a team's channel hears when the team moves to a new one (a member was removed). */
const CHANNEL_MOVED = 'moved'

/**
 * The channel to LISTEN on for the team: its own (schema 6, `stormbook.listen_channel`, refused to a
 * non-member: SYNC_NOT_A_MEMBER), or on an older server the shared channel, whose payload is the team.
 */
async function teamChannel(client: pg.Client, team: string): Promise<{ channel: string; payload: string }> {
  try {
    const { rows } = await client.query<{ channel: string }>('SELECT stormbook.listen_channel($1) AS channel', [team])
    return { channel: rows[0].channel, payload: '' }
  } catch (error) {
    if ((error as { code?: string }).code !== '42883') throw error
    return { channel: EVENTS_CHANNEL, payload: team }
  }
}

/**
 * Listens for the team's new events, so online clients pull at once: on the team's own channel, which only
 * its members can learn (a push to another team wakes no one here). When the team moves to a new channel
 * (a member was removed) it asks for the new one and wakes once; a login no longer a member stays deaf,
 * and its next round says why.
 */
export async function listenForEvents(url: string, team: string, onWake: () => void, login: Login = {}): Promise<Wakeup> {
  const client = clientFor(url, login)
  let current = { channel: '', payload: '' }
  async function follow(): Promise<void> {
    if (current.channel) await client.query(`UNLISTEN ${client.escapeIdentifier(current.channel)}`)
    current = { channel: '', payload: '' }
    const next = await teamChannel(client, team)
    await client.query(`LISTEN ${client.escapeIdentifier(next.channel)}`)
    current = next
  }
  try {
    await client.connect()
    client.on('notification', (message) => {
      if (message.channel !== current.channel) return
      if (current.payload === '' && message.payload === CHANNEL_MOVED) void follow().catch(() => undefined).finally(onWake)
      else if (message.payload === current.payload) onWake()
    })
    await follow()
  } catch (error) {
    await client.end().catch(() => undefined)
    throw serverError(error, 'listen')
  }
  return { close: () => client.end().catch(() => undefined) }
}
