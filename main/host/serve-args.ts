import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { OpenReport } from '../store/event-store.ts'

/** How `npm run serve` is called. */
export const SERVE_USAGE = 'Usage: npm run serve -- [--port N] [--workspace DIR] [--read-only | --take-over]'

/** What `serve` was asked for on its command line. */
export interface ServeArgs {
  port: number
  workspaceDir: string
  readOnly: boolean
  /** Take over the workspace's lock from another process (explicit; only when that process is gone or hangs). */
  takeOver: boolean
}

/** Reads `serve`'s command line; answers the words to print (and exit 2 with) when it is wrong. */
export function parseServeArgs(argv: readonly string[]): ServeArgs | { error: string } {
  let values: { port?: string; workspace?: string; 'read-only'?: boolean; 'take-over'?: boolean }
  try {
    values = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, workspace: { type: 'string' }, 'read-only': { type: 'boolean' }, 'take-over': { type: 'boolean' } },
      allowPositionals: false,
    }).values
  } catch (error) {
    return { error: `stormbook serve: ${(error as Error).message}\n${SERVE_USAGE}` }
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `stormbook serve: --port: "${values.port}" is not a port number (0-65535)` }
  const readOnly = values['read-only'] ?? false
  const takeOver = values['take-over'] ?? false
  if (readOnly && takeOver) return { error: `stormbook serve: --take-over: a read-only workspace takes no lock; pass one or the other\n${SERVE_USAGE}` }
  return { port, workspaceDir: values.workspace ?? join(homedir(), '.stormbook', 'default'), readOnly, takeOver }
}

/** What `serve` says about what opening found: a torn tail moved aside, a damaged line, read-only. */
export function openNotes(report: Pick<OpenReport, 'tornFile' | 'tornBytes' | 'corrupt'>, readOnly: boolean): string[] {
  const notes: string[] = []
  if (report.tornFile) {
    notes.push(`The log ended in a half-written line (${report.tornBytes ?? '?'} bytes, from an interrupted write); it was moved aside to ${report.tornFile}.`)
  } else if (report.tornBytes) {
    notes.push(`The log ends in a half-written line (${report.tornBytes} bytes, from an interrupted write); read-only, it was left in place.`)
  }
  if (report.corrupt) notes.push(`The log is damaged at line ${report.corrupt.line} (${report.corrupt.reason}): opened read-only up to line ${report.corrupt.line - 1}.`)
  else if (readOnly) notes.push('Opened read-only: commands are disabled.')
  return notes
}

/** What `serve` says when the workspace cannot be opened. */
export function openFailureNotes(workspaceDir: string, error: unknown): string[] {
  const e = error as { code?: string; message?: string }
  const notes = [`stormbook serve: cannot open ${workspaceDir}: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`]
  if (e.code === 'WORKSPACE_LOCKED') {
    notes.push('Another Stormbook has this workspace open; close it, pass --read-only to look at it, or pass --workspace DIR. If that Stormbook is no longer running, --take-over takes its lock.')
  }
  return notes
}
