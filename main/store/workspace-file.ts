import { existsSync } from 'node:fs'
import { JSONFile } from 'lowdb/node'
import { Low } from 'lowdb'
import { z } from 'zod'
import { codedError, describeIssue } from '../../domain/kernel/index.ts'

/** The format of workspace.json this code reads and writes. */
export const WORKSPACE_FORMAT = 1

const workspaceSchema = z.object({
  format: z.literal(WORKSPACE_FORMAT),
  name: z.string().min(1).max(200),
  createdAt: z.string(),
  settings: z.record(z.string(), z.unknown()),
})

/** workspace.json: format version, name, creation time and the workspace's settings. */
export type WorkspaceDocument = z.infer<typeof workspaceSchema>

/** An opened workspace.json: the lowdb document, and whether it is new (not on disk until written). */
export interface WorkspaceFile {
  db: Low<WorkspaceDocument>
  /** True when there was no workspace.json: the caller writes it once the whole open succeeded. */
  created: boolean
  /** Read-only only: settings that were not an object (the open goes on with none). */
  problem?: { code: string; message: string; details: Record<string, unknown> }
}

/**
 * Reads workspace.json (lowdb JSONFile: a small document, rewritten whole on each change) and writes
 * nothing: a missing one is made in memory (`created`), for the caller to write once the open succeeded.
 * A malformed one is refused with WORKSPACE_INVALID naming the field; read-only, settings that are not an
 * object are reported instead, and the open goes on without them.
 */
export async function readWorkspaceFile(path: string, init: { name: string; createdAt: string }, readOnly: boolean): Promise<WorkspaceFile> {
  const created = !existsSync(path)
  const db = new Low<WorkspaceDocument>(new JSONFile<WorkspaceDocument>(path), { format: WORKSPACE_FORMAT, name: init.name, createdAt: init.createdAt, settings: {} })
  try {
    await db.read()
  } catch (error) {
    throw codedError('WORKSPACE_INVALID', `workspace.json is not valid JSON: ${(error as Error).message}`, { field: 'workspace.json', path })
  }
  let parsed = workspaceSchema.safeParse(db.data)
  let problem: WorkspaceFile['problem']
  if (!parsed.success && readOnly && describeIssue(parsed.error).path[0] === 'settings') {
    const { field, problem: words } = describeIssue(parsed.error)
    problem = { code: 'SETTINGS_INVALID', message: `workspace.json: ${field}: ${words}`, details: { field, path } }
    parsed = workspaceSchema.safeParse({ ...db.data, settings: {} })
  }
  if (!parsed.success) {
    const { field, problem: words } = describeIssue(parsed.error)
    throw codedError('WORKSPACE_INVALID', `workspace.json: ${field || '(document)'}: ${words}`, { field: field || '(document)', path })
  }
  if (problem) db.data = { ...db.data, settings: {} }
  return { db, created, problem }
}
