import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { codedError } from '../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../domain/kernel/schema-issue.ts'
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
}

const digits = z.string().regex(/^\d+$/)
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
    theirs: z.array(z.custom<SyncedEvent>((v) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string')),
    detectedAt: z.string(),
  })),
  lastSyncAt: z.string().nullable(),
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
  const dir = openSync(dirname(path), 'r')
  try {
    fsyncSync(dir)
  } finally {
    closeSync(dir)
  }
}
