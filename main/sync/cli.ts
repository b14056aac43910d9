import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { codedError, toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import type { Clock } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { FileEventStore } from '../store/file-store.ts'
import { migrate } from './schema.ts'
import { checkUrl, serverError, SyncServer } from './server.ts'
import { syncOnce } from './sync-client.ts'
import { readSyncState, writeSyncState, type SyncState } from './sync-state.ts'
import { openWorkspaceLog } from './workspace-log.ts'

/** The sync lines of the CLI's help. */
export const SYNC_HELP = `  stormbook sync init <postgres-url>                       create or migrate the team sync server's schema
  stormbook sync <workspace> --url URL [--team NAME] [--take-over]
                                                           push pending events, pull the team's (exit 3: conflicts)
  stormbook sync status <workspace> [--json]               pending events, conflicts and the last sync
  (the server's password comes from PGPASSWORD)
`

/** Where the sync commands write, and the clock they stamp with (tests give their own). */
export interface SyncIo {
  out(line: string): void
  err(line: string): void
  clock: Clock
}

const processIo: SyncIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  clock: new SystemClock(),
}

/** Exit codes: 0 in sync, 1 the round or the server failed, 2 misuse, 3 in sync but for conflicts. */
export const SYNC_EXIT = { ok: 0, failed: 1, usage: 2, conflicts: 3 } as const

const USAGE = new Set(['INVALID_URL', 'SYNC_TEAM_REQUIRED', 'SYNC_TEAM_MISMATCH', 'WORKSPACE_NOT_FOUND', 'USAGE'])

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
 * or `<workspace> --url URL [--team NAME]` for one push-and-pull round. Returns the exit code.
 */
export async function syncCommand(words: readonly string[], flags: ReadonlyMap<string, string | true>, io: SyncIo = processIo): Promise<number> {
  const json = flags.get('json') === true
  try {
    if (words[0] === 'init') return await syncInit(words[1], json, io)
    if (words[0] === 'status') return syncStatus(words[1], json, io)
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

/** `sync <workspace> --url URL`: one push-and-pull round. */
async function syncWorkspace(dirPath: string, url: string | undefined, team: string | undefined, json: boolean, io: SyncIo, takeOver = false): Promise<number> {
  const dir = resolve(dirPath)
  checkUrl(url)
  if (!existsSync(join(dir, 'events.jsonl'))) throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir} (no events.jsonl).`, { field: 'workspace', path: dir })
  const state = stateFor(dir, team)
  const log = await openWorkspaceLog(dir, () => io.clock.now(), { takeOver })
  try {
    const server = await SyncServer.connect(url!)
    try {
      const report = await syncOnce({ log, server, state, clock: io.clock, save: (s) => writeSyncState(dir, s) })
      const conflicts = report.conflicts.map((c) => ({ stream: c.stream, base: c.base, serverVersion: c.serverVersion, theirs: c.theirs.length }))
      if (json) io.out(JSON.stringify({ ok: true, pushed: report.pushed, duplicates: report.duplicates, pulled: report.pulled, conflicts }))
      else {
        io.out(`${dir}: pushed ${report.pushed}${report.duplicates ? ` (${report.duplicates} already on the server)` : ''}, pulled ${report.pulled}.`)
        for (const c of conflicts) io.out(`  CONFLICT ${c.stream}: changed here and on the server since version ${c.base} (the server is at ${c.serverVersion}); not pushed, theirs held back`)
        io.out(conflicts.length === 0 ? '  In sync.' : `  ${conflicts.length} stream(s) in conflict.`)
      }
      return conflicts.length === 0 ? SYNC_EXIT.ok : SYNC_EXIT.conflicts
    } finally {
      await server.close()
    }
  } finally {
    await log.close()
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
    const status = {
      synced: state !== undefined,
      team: state?.team ?? null,
      device: state?.device ?? null,
      events: last,
      pending,
      conflicts: (state?.conflicts ?? []).map((c) => ({ stream: c.stream, base: c.base, serverVersion: c.serverVersion, theirs: c.theirs.length })),
      lastSyncAt: state?.lastSyncAt ?? null,
    }
    if (json) io.out(JSON.stringify(status))
    else {
      io.out(state ? `${dir}: team "${state.team}", device ${state.device}` : `${dir}: never synced`)
      io.out(`  ${last} events, ${pending} not yet pushed; last sync ${status.lastSyncAt ?? 'never'}`)
      for (const c of status.conflicts) io.out(`  CONFLICT ${c.stream}: since version ${c.base}; the server is at ${c.serverVersion}, ${c.theirs} of theirs held back`)
    }
    return status.conflicts.length === 0 ? SYNC_EXIT.ok : SYNC_EXIT.conflicts
  })
}
