import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { codedError, isCodedError, toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import { addNames, commandInWords, NAMING_QUERIES, ruleInWords, type Names } from '../../domain/kernel/conflict-words.ts'
import type { Clock } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import type { Engine } from '../app/engine.ts'
import { openWorkspace } from '../app/workspace.ts'
import { passwordFromApp, type ReaderCommand } from './keychain-password.ts'
import { FileEventStore } from '../store/file-store.ts'
import { migrate } from './schema.ts'
import { changeMembership, checkUrl, serverError } from './server.ts'
import { openSyncService, type SyncConflictView } from './sync-service.ts'
import { readSyncState, writeSyncState, type SyncState } from './sync-state.ts'

/** The sync lines of the CLI's help. */
export const SYNC_HELP = `  stormbook sync init <postgres-url>                       create or migrate the team sync server's schema
  stormbook sync add-member <postgres-url> --team T --login L
  stormbook sync remove-member <postgres-url> --team T --login L
                                                           let a login push to and pull a team, or no longer
                                                           (run as the schema's owner)
  stormbook sync <workspace> --url URL [--team NAME] [--take-over]
                                                           push pending events, pull the team's, rebase what
                                                           conflicts (exit 3: changes refused, listed; a new
                                                           folder joins the team as a new workspace)
  stormbook sync status <workspace> [--json]               pending events, conflicts, the archive, the last sync
  (the server's password comes from PGPASSWORD; unset, sync <workspace> asks the app's keychain for the
   password saved in that workspace's Settings ▸ Team sync)
`

/** Where the sync commands write, and the clock they stamp with (tests give their own). */
export interface SyncIo {
  out(line: string): void
  err(line: string): void
  clock: Clock
  /** The app's keychain reader to ask for a workspace's password (default: the app's Electron binary). */
  keychainReader?: ReaderCommand
}

const processIo: SyncIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  clock: new SystemClock(),
}

/** Exit codes: 0 in sync, 1 the round or the server failed, 2 misuse, 3 in sync but for conflicts. */
export const SYNC_EXIT = { ok: 0, failed: 1, usage: 2, conflicts: 3 } as const

const USAGE = new Set(['INVALID_URL', 'SYNC_UNKNOWN_LOGIN', 'SYNC_TEAM_REQUIRED', 'SYNC_TEAM_MISMATCH', 'WORKSPACE_NOT_FOUND', 'USAGE'])

function fail(io: SyncIo, json: boolean, error: CodedError): number {
  if (json) io.out(JSON.stringify({ ok: false, error }))
  else io.err(`sync: ${error.code}: ${error.message}`)
  return USAGE.has(error.code) ? SYNC_EXIT.usage : SYNC_EXIT.failed
}

function flag(flags: ReadonlyMap<string, string | true>, name: string): string | undefined {
  const value = flags.get(name)
  if (value === true) throw codedError('USAGE', `--${name} needs a value`, { field: name })
  return value
}

/**
 * `stormbook sync …` (words after `sync`, flags as the CLI parsed them): `init <url>`, `status <workspace>`,
 * `add-member|remove-member <url> --team T --login L`,
 * or `<workspace> --url URL [--team NAME]` for one push-and-pull round. Returns the exit code.
 */
export async function syncCommand(words: readonly string[], flags: ReadonlyMap<string, string | true>, io: SyncIo = processIo): Promise<number> {
  const json = flags.get('json') === true
  try {
    if (words[0] === 'init') return await syncInit(words[1], json, io)
    if (words[0] === 'status') return syncStatus(words[1], json, io)
    if (words[0] === 'add-member' || words[0] === 'remove-member') return await syncMember(words[0] === 'add-member' ? 'add' : 'remove', words[1], flags, json, io)
    if (words.length !== 1) throw codedError('USAGE', `name one workspace folder\n\n${SYNC_HELP}`, { field: 'workspace' })
    return await syncWorkspace(words[0], flag(flags, 'url'), flag(flags, 'team'), json, io, flags.get('take-over') === true)
  } catch (error) {
    return fail(io, json, toCodedError(error))
  }
}

/** `sync init <url>`: creates or migrates the server's schema. */
async function syncInit(url: string | undefined, json: boolean, io: SyncIo): Promise<number> {
  const client = new pg.Client({ connectionString: checkUrl(url), connectionTimeoutMillis: 10_000 })
  try {
    await client.connect()
    const report = await migrate(client)
    if (json) io.out(JSON.stringify({ ok: true, ...report }))
    else if (report.applied.length === 0) io.out(`The server's Stormbook schema is up to date (version ${report.to}).`)
    else io.out(`The server's Stormbook schema is at version ${report.to} (was ${report.from}): ${report.applied.map((m) => `${m.version} ${m.name}`).join('; ')}.`)
    return SYNC_EXIT.ok
  } catch (error) {
    throw serverError(error, 'sync init')
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** `sync add-member|remove-member <url> --team T --login L`: changes a team's members. */
async function syncMember(action: 'add' | 'remove', url: string | undefined, flags: ReadonlyMap<string, string | true>, json: boolean, io: SyncIo): Promise<number> {
  const change = await changeMembership(checkUrl(url), action, flag(flags, 'team') ?? '', flag(flags, 'login') ?? '')
  const { team, login, changed } = change
  if (json) io.out(JSON.stringify({ ok: true, ...change }))
  else if (action === 'add') io.out(changed ? `"${login}" is now a member of team "${team}".` : `"${login}" was a member of team "${team}" already.`)
  else io.out(changed ? `"${login}" is no longer a member of team "${team}".` : `"${login}" was not a member of team "${team}".`)
  return SYNC_EXIT.ok
}

/** The workspace's sync state, started at its first sync (a new device id, the team given). */
function stateFor(dir: string, team: string | undefined): SyncState {
  const state = readSyncState(dir)
  if (state) {
    if (team !== undefined && team !== state.team) {
      throw codedError('SYNC_TEAM_MISMATCH', `this workspace syncs with team "${state.team}", not "${team}"`, { field: 'team', team: state.team })
    }
    return state
  }
  if (!team) throw codedError('SYNC_TEAM_REQUIRED', 'the first sync of a workspace needs --team NAME (the team whose events it shares)', { field: 'team' })
  return { format: 1, team, device: uuidv7(), pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null }
}

/** Whether a path is a workspace (its log is there), or a folder a first sync may make one of (missing or empty). */
function workspaceOrNew(dir: string): 'workspace' | 'new' {
  if (existsSync(join(dir, 'events.jsonl'))) return 'workspace'
  if (!existsSync(dir) || readdirSync(dir).length === 0) return 'new'
  throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir} (no events.jsonl), and the folder is not empty.`, { field: 'workspace', path: dir })
}

/** The names of the workspace's deals and customers, by id (to list refused commands in words). */
function namesOf(engine: Engine): Names {
  const names = new Map<string, string>()
  for (const query of NAMING_QUERIES) {
    const answer = engine.query(query, {})
    if (answer.ok) addNames(names, answer.value)
  }
  return names
}

/** A refused command in words for the terminal and --json: the command, the deal's name, the rule. */
function refusedInWords(conflict: SyncConflictView, names: Names) {
  return { id: conflict.id, command: conflict.command, code: conflict.code, words: commandInWords(conflict.command, conflict.data, names), rule: ruleInWords(conflict.message, names) }
}

/**
 * `sync <workspace> --url URL`: one round, through the app's own sync service over the workspace opened
 * with its engine (the single-writer lock taken: WORKSPACE_LOCKED while the app has it open): push, pull,
 * and rebase every stream in conflict. Exit 0 when every re-decided command was pushed, 3 when some are
 * refused (listed in words; they wait in the app's Conflicts panel).
 */
async function syncWorkspace(dirPath: string, url: string | undefined, team: string | undefined, json: boolean, io: SyncIo, takeOver = false): Promise<number> {
  const dir = resolve(dirPath)
  checkUrl(url)
  const joining = workspaceOrNew(dir) === 'new'
  if (joining && !team) throw codedError('SYNC_TEAM_REQUIRED', 'a new workspace joining a team needs --team NAME (the team whose events it shares)', { field: 'team' })
  const state = stateFor(dir, team)
  const ws = await openWorkspace(dir, { contexts, clock: io.clock, takeOver })
  try {
    if (!readSyncState(dir)) writeSyncState(dir, state)
    let kept: string | undefined
    const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => io.clock.now(), password: async () => kept, url })
    try {
      const report = await service.syncNow().catch(async (error: unknown) => {
        // The server wants a password and PGPASSWORD is unset: ask the app's keychain, then run the round again.
        if (!isCodedError(error) || error.code !== 'SYNC_AUTH_FAILED' || process.env.PGPASSWORD !== undefined) throw error
        kept = await passwordFromApp(dir, io.keychainReader)
        return service.syncNow()
      })
      const names = namesOf(ws.engine)
      const refused = service.conflicts().filter((c) => c.archivedAt === undefined).map((c) => refusedInWords(c, names))
      const conflicts = report.conflicts.map((c) => ({ stream: c.stream, base: c.base, serverVersion: c.serverVersion, theirs: c.theirs.length }))
      if (json) io.out(JSON.stringify({ ok: true, pushed: report.pushed, duplicates: report.duplicates, pulled: report.pulled, rebased: report.rebased, refused, conflicts }))
      else {
        io.out(`${dir}: ${joining ? 'joined the team, ' : ''}pushed ${report.pushed}${report.duplicates ? ` (${report.duplicates} already on the server)` : ''}, pulled ${report.pulled}${report.rebased ? `, ${report.rebased} change(s) decided again on theirs and pushed` : ''}.`)
        for (const r of refused) io.out(`  REFUSED ${r.words}\n    because ${r.rule} (${r.code}); it waits in the Conflicts panel: discard it or edit and retry`)
        for (const c of conflicts) io.out(`  CONFLICT ${c.stream}: changed here and on the server since version ${c.base} (the server is at ${c.serverVersion}); run sync again`)
        io.out(refused.length + conflicts.length === 0 ? '  In sync.' : `  ${refused.length + conflicts.length} conflict(s).`)
      }
      return refused.length + conflicts.length === 0 ? SYNC_EXIT.ok : SYNC_EXIT.conflicts
    } finally {
      await service.close()
    }
  } finally {
    await ws.close()
  }
}

/** `sync status <workspace>`: pending events, conflicts, the last sync; reads only. */
function syncStatus(dirPath: string | undefined, json: boolean, io: SyncIo): Promise<number> | number {
  if (!dirPath) throw codedError('USAGE', 'sync status: name a workspace folder', { field: 'workspace' })
  const dir = resolve(dirPath)
  if (!existsSync(join(dir, 'events.jsonl'))) throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir} (no events.jsonl).`, { field: 'workspace', path: dir })
  const state = readSyncState(dir)
  const store = new FileEventStore({ path: join(dir, 'events.jsonl'), readOnly: true, now: () => io.clock.now(), upcast: (e) => e })
  return store.open().then(async () => {
    const last = store.lastPosition
    await store.close()
    const pending = Math.max(0, last - (state?.pushedUpTo ?? 0))
    const refused = (state?.refused ?? []).map((r) => ({ id: r.id, command: r.command, stream: r.stream, code: r.code, words: commandInWords(r.command, r.data, new Map()), rule: ruleInWords(r.message, new Map()) }))
    const status = {
      synced: state !== undefined,
      team: state?.team ?? null,
      device: state?.device ?? null,
      events: last,
      pending,
      /** Streams in conflict not rebased yet (the next round rebases them). */
      conflicts: (state?.conflicts ?? []).map((c) => ({ stream: c.stream, base: c.base, serverVersion: c.serverVersion, theirs: c.theirs.length })),
      /** Commands a rebase refused, waiting in the Conflicts panel. */
      refused,
      /** Refused commands discarded or retried: kept, never deleted. */
      archived: state?.archive?.length ?? 0,
      superseded: state?.superseded?.length ?? 0,
      lastSyncAt: state?.lastSyncAt ?? null,
    }
    if (json) io.out(JSON.stringify(status))
    else {
      io.out(state ? `${dir}: team "${state.team}", device ${state.device}` : `${dir}: never synced`)
      io.out(`  ${last} events, ${pending} not yet pushed; ${refused.length + status.conflicts.length} conflict(s), ${status.archived} archived; last sync ${status.lastSyncAt ?? 'never'}`)
      for (const r of refused) io.out(`  REFUSED ${r.words}\n    because ${r.rule} (${r.code})`)
      for (const c of status.conflicts) io.out(`  CONFLICT ${c.stream}: since version ${c.base}; the server is at ${c.serverVersion}, ${c.theirs} of theirs held back`)
    }
    return refused.length + status.conflicts.length === 0 ? SYNC_EXIT.ok : SYNC_EXIT.conflicts
  })
}
