import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { codedError } from '../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../domain/kernel/schema-issue.ts'
import { fsyncDirectory } from '../store/fsync-directory.ts'
import type { SyncedEvent } from './server.ts'

/** The file in a workspace folder that remembers where sync stands. */
export const SYNC_FILE = 'sync.json'

/**
 * A stream both sides changed: our local events after `base` were not pushed (the server's version had
 * moved on), and `theirs` are the server's events after `base`, held back (not ingested) until resolved.
 */
export interface Conflict {
  stream: string
  /** The last version the laptop and the server agree on. */
  base: number
  /** The stream's version on the server when the conflict was last seen. */
  serverVersion: number
  theirs: SyncedEvent[]
  detectedAt: string
}

/**
 * A pending command the merged state refused during a rebase (or after an edit): what the Conflicts panel
 * lists until the rep discards it (kept in `archive`) or retries it with edited data.
 */
export interface RefusedCommand {
  /** The command's id as first dispatched on this laptop. */
  id: string
  command: string
  aggregate: string
  actor: string | null
  stream: string
  /** The command's validated input (its first event's meta.input). */
  data: Record<string, unknown>
  /** The rule that refused it on the merged state. */
  code: string
  message: string
  /** The server's events that got there first. */
  theirs: SyncedEvent[]
  /** The ids of this laptop's events the command had decided (superseded by the rebase, kept in the log). */
  superseded: string[]
  at: string
}

/** A refused command the rep set aside: discarded, or retried (with the new command's id). Never deleted. */
export interface ArchivedCommand extends RefusedCommand {
  outcome: 'discarded' | 'retried'
  resolvedAt: string
  retriedAs?: string
}

/** Where sync stands for one workspace (sync.json). */
export interface SyncState {
  format: 1
  /** The team whose events this workspace shares; fixed at the first sync. */
  team: string
  /** This workspace's device id: the `origin` of the events it pushes. */
  device: string
  /** Every local event at or before this position is on the server, was pulled from it, or is in a conflict. */
  pushedUpTo: number
  /** The pull cursor: the last (transaction id, server position) ingested. */
  cursor: { tx: string; position: string }
  conflicts: Conflict[]
  /** When the last round finished (the clock port's time), null before the first. */
  lastSyncAt: string | null
  /** The server and how often to sync (set by Settings ▸ Team sync; the password is never here). */
  server?: { url: string; everySeconds: number }
  /** Pending commands the merged state refused: the Conflicts panel. */
  refused?: RefusedCommand[]
  /** Refused commands discarded or retried: kept, never deleted. */
  archive?: ArchivedCommand[]
  /** Local events a rebase superseded (they stay in the log; they are never pushed). */
  superseded?: string[]
  /**
   * Per rebased stream, how far the local version runs ahead of the server's (the superseded events stay
   * in the local stream): local version = server version + offset.
   */
  offsets?: Record<string, number>
}

/** A stream's local version for a server version (rebased streams run ahead by their offset). */
export function localVersion(state: SyncState, stream: string, serverVersion: number): number {
  return serverVersion + (state.offsets?.[stream] ?? 0)
}

const digits = z.string().regex(/^\d+$/)
const syncedEvent = z.custom<SyncedEvent>((v) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string')
const refused = {
  id: z.string().min(1),
  command: z.string().min(1),
  aggregate: z.string(),
  actor: z.string().nullable(),
  stream: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  code: z.string().min(1),
  message: z.string(),
  theirs: z.array(syncedEvent),
  superseded: z.array(z.string()),
  at: z.string(),
}
const stateSchema = z.strictObject({
  format: z.literal(1),
  team: z.string().min(1),
  device: z.string().min(1),
  pushedUpTo: z.number().int().min(0),
  cursor: z.strictObject({ tx: digits, position: digits }),
  conflicts: z.array(z.strictObject({
    stream: z.string().min(1),
    base: z.number().int().min(0),
    serverVersion: z.number().int().min(0),
    theirs: z.array(syncedEvent),
    detectedAt: z.string(),
  })),
  lastSyncAt: z.string().nullable(),
  server: z.strictObject({ url: z.string().min(1), everySeconds: z.number().int().min(0) }).optional(),
  refused: z.array(z.strictObject(refused)).optional(),
  archive: z.array(z.strictObject({ ...refused, outcome: z.enum(['discarded', 'retried']), resolvedAt: z.string(), retriedAs: z.string().optional() })).optional(),
  superseded: z.array(z.string()).optional(),
  offsets: z.record(z.string(), z.number().int().min(0)).optional(),
})

/** A workspace's sync state, or undefined before its first sync; a damaged file is SYNC_STATE_INVALID (field named). */
export function readSyncState(workspace: string): SyncState | undefined {
  const path = join(workspace, SYNC_FILE)
  if (!existsSync(path)) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw codedError('SYNC_STATE_INVALID', `${path} is not JSON: ${(error as Error).message}`, { path, field: SYNC_FILE })
  }
  const parsed = stateSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = describeIssue(parsed.error)
    throw codedError('SYNC_STATE_INVALID', `${path}: ${issue.field}: ${issue.problem}`, { path, field: issue.field })
  }
  return parsed.data as SyncState
}

/** Writes the sync state atomically: a temp file, fsync, rename over sync.json, fsync of the folder. */
export function writeSyncState(workspace: string, state: SyncState): void {
  const path = join(workspace, SYNC_FILE)
  const temp = `${path}.tmp`
  const fd = openSync(temp, 'w')
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
  fsyncDirectory(dirname(path))
}
