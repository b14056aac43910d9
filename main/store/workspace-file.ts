import { JSONFile } from 'lowdb/node'
import { Low } from 'lowdb'
import { z } from 'zod'
import { fieldPath } from '../../domain/kernel/index.ts'
import { StormbookError } from './errors.ts'

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

/**
 * Opens workspace.json (lowdb JSONFile: a small document, rewritten whole on each change). Creates it
 * when missing and writable; a malformed one is refused with WORKSPACE_INVALID naming the field.
 */
export async function openWorkspaceFile(path: string, init: { name: string; createdAt: string }, readOnly: boolean): Promise<Low<WorkspaceDocument>> {
  const db = new Low<WorkspaceDocument>(new JSONFile<WorkspaceDocument>(path), { format: WORKSPACE_FORMAT, name: init.name, createdAt: init.createdAt, settings: {} })
  try {
    await db.read()
  } catch (error) {
    throw new StormbookError('WORKSPACE_INVALID', `workspace.json is not valid JSON: ${(error as Error).message}`, { field: 'workspace.json', path })
  }
  const parsed = workspaceSchema.safeParse(db.data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = fieldPath(issue.path) || '(document)'
    throw new StormbookError('WORKSPACE_INVALID', `workspace.json: ${field}: ${issue.message}`, { field, path })
  }
  if (!readOnly) await db.write()
  return db
}
