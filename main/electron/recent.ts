import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

/** How many workspaces File ▸ Open Recent lists. */
export const RECENT_LIMIT = 10

const recentSchema = z.object({
  version: z.literal(1),
  workspaces: z.array(z.object({ dir: z.string().min(1).max(4096), name: z.string().min(1).max(200), openedAt: z.string().max(64) })).max(100),
})

/** A workspace the user opened before, as Open Recent lists it. */
export type RecentWorkspace = z.infer<typeof recentSchema>['workspaces'][number]

/** Reads `recent.json`; a missing, unreadable or malformed file is an empty list, never an error. */
export function readRecent(file: string): RecentWorkspace[] {
  try {
    const parsed = recentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data.workspaces.slice(0, RECENT_LIMIT) : []
  } catch {
    return []
  }
}

/** The list with `workspace` first (once), at most RECENT_LIMIT long. */
export function rememberWorkspace(list: readonly RecentWorkspace[], workspace: RecentWorkspace): RecentWorkspace[] {
  return [workspace, ...list.filter((w) => w.dir !== workspace.dir)].slice(0, RECENT_LIMIT)
}

/** The list without one folder (it was moved or deleted). */
export function forgetWorkspace(list: readonly RecentWorkspace[], dir: string): RecentWorkspace[] {
  return list.filter((w) => w.dir !== dir)
}

/** Writes `recent.json` whole (temp file, then rename, so a crash never leaves half a file). */
export function writeRecent(file: string, list: readonly RecentWorkspace[]): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, workspaces: list }, null, 2) + '\n')
  renameSync(`${file}.tmp`, file)
}
