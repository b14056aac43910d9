import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { WorkspaceInfo } from '../../main/ipc/contract.ts'

/**
 * What the full-screen "cannot open" page and the read-only banner say, in words: pure, so the words are
 * tested without a browser. `desktop` is the Electron app (menus to point at); otherwise browser mode
 * (`npm run serve` to restart).
 */

/** Where the app runs: the desktop app's menus, or browser mode's terminal. */
export type Mode = 'desktop' | 'browser'

/** One thing the user can do, with where to do it. */
export interface Remedy {
  id: 'openReadOnly' | 'chooseAnother' | 'restoreBackup' | 'reload' | 'freshUrl' | 'closeOther'
  label: string
  how: string
}

/** The failure page's content. */
export interface OpenFailure {
  title: string
  /** What is wrong, in words. */
  problem: string
  code: string
  /** The damaged line of the log (LOG_CORRUPT). */
  line?: number
  path?: string
  remedies: Remedy[]
}

const TITLES: Record<string, string> = {
  LOG_CORRUPT: 'The event log of this workspace is damaged',
  WORKSPACE_LOCKED: 'This workspace is open in another Stormbook',
  WORKSPACE_INVALID: 'This folder is not a valid Stormbook workspace',
  WORKSPACE_UNREADABLE: 'This workspace could not be read',
  WORKSPACE_NOT_FOUND: 'There is no workspace at this place',
  DISCONNECTED: 'Stormbook is not reachable',
  WORKSPACE_CLOSED: 'This workspace was closed',
  IPC_FAILED: 'Stormbook is not reachable',
}

/** A stack trace or a multi-line dump never reaches the screen: the first line, without "at …" frames. */
export function plainWords(message: unknown, fallback = 'No details were given.'): string {
  if (typeof message !== 'string' || message.trim() === '') return fallback
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !/^at\s/.test(l))
  const first = (lines[0] ?? '').replace(/^(\w*Error):\s*/, '')
  return (first || fallback).slice(0, 500)
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function quote(path: string): string {
  return /[\s"'$`\\]/.test(path) ? `"${path.replace(/(["$`\\])/g, '\\$1')}"` : path
}

/** The failure page for an error `workspace.info()` answered with. */
export function describeOpenFailure(error: CodedError | null | undefined, mode: Mode): OpenFailure {
  const code = typeof error?.code === 'string' && error.code !== '' ? error.code : 'UNKNOWN'
  const details = (error?.details ?? {}) as Record<string, unknown>
  const path = str(details.path)
  const line = typeof details.line === 'number' && Number.isInteger(details.line) ? details.line : undefined
  const actions = Array.isArray(details.actions) ? details.actions.filter((a): a is string => typeof a === 'string') : []
  let problem = plainWords(error?.message)
  if (code === 'LOG_CORRUPT' && line !== undefined) {
    const reason = str(details.reason)
    problem = `Line ${line} of events.jsonl is damaged${reason ? ` (${reason})` : ''}. Everything before it (lines 1–${line - 1}) is intact.`
  }
  const serve = (extra = '') => `npm run serve -- --workspace ${quote(path ?? 'DIR')}${extra}`
  const remedies: Remedy[] = []
  if (code === 'DISCONNECTED' || code === 'IPC_FAILED') {
    if (mode === 'browser') {
      remedies.push({ id: 'freshUrl', label: 'Use the current address', how: 'Each run of npm run serve prints a new address with its own token: open the one your terminal shows now.' })
      remedies.push({ id: 'reload', label: 'Restart browser mode', how: 'If npm run serve has stopped, start it again (npm run serve -- --workspace DIR) and open the address it prints.' })
    } else {
      remedies.push({ id: 'reload', label: 'Reload the window', how: 'View ▸ Reload, or quit and start Stormbook again.' })
    }
  }
  if (code === 'LOG_CORRUPT') {
    remedies.push({ id: 'restoreBackup', label: 'Restore from a backup', how: 'Put back a copy of events.jsonl from a backup, then open the workspace again.' })
  }
  if (code === 'WORKSPACE_LOCKED') {
    remedies.push({ id: 'closeOther', label: 'Close the other Stormbook', how: 'Only one Stormbook may write to a workspace: close the window or npm run serve that has it open, then open it again.' })
  }
  if (actions.includes('openReadOnly')) {
    remedies.push(mode === 'desktop'
      ? { id: 'openReadOnly', label: 'Open read-only', how: `File ▸ Read-Only opens this workspace again without writing anything${line !== undefined ? `, up to line ${line - 1}` : ''}: you can look, not change.` }
      : { id: 'openReadOnly', label: 'Open read-only', how: `Stop npm run serve (Ctrl+C) and start it again with ${serve(' --read-only')}: you can look, not change.` })
  }
  if (actions.includes('chooseAnother') || (mode === 'browser' && code !== 'DISCONNECTED' && code !== 'IPC_FAILED')) {
    remedies.push(mode === 'desktop'
      ? { id: 'chooseAnother', label: 'Choose another workspace', how: 'File ▸ Open Workspace… (or File ▸ Open Recent) opens another folder in its own window.' }
      : { id: 'chooseAnother', label: 'Choose another workspace', how: 'Stop npm run serve (Ctrl+C) and start it again with npm run serve -- --workspace <other folder>.' })
  }
  if (remedies.length === 0) {
    remedies.push(mode === 'desktop'
      ? { id: 'chooseAnother', label: 'Choose another workspace', how: 'File ▸ Open Workspace… opens another folder in its own window.' }
      : { id: 'chooseAnother', label: 'Choose another workspace', how: 'Stop npm run serve (Ctrl+C) and start it again with npm run serve -- --workspace <other folder>.' })
  }
  return { title: TITLES[code] ?? 'This workspace cannot be opened', problem, code, ...(line !== undefined ? { line } : {}), ...(path ? { path } : {}), remedies }
}

/** The read-only banner's content, or null when the workspace is writable. */
export function describeReadOnly(info: Pick<WorkspaceInfo, 'readOnly' | 'report'> | null, mode: Mode): { why: string; what: string } | null {
  if (!info?.readOnly) return null
  const corrupt = info.report.corrupt
  if (corrupt) {
    return {
      why: `Read-only: the event log is damaged at line ${corrupt.line} (${plainWords(corrupt.reason)}). Commands are disabled, because writing after a damaged line would bury it; you see the workspace as it was up to line ${corrupt.line - 1}.`,
      what: mode === 'desktop'
        ? 'Restore events.jsonl from a backup and open the workspace again, or File ▸ Open Workspace… to work in another one.'
        : 'Restore events.jsonl from a backup and restart npm run serve, or restart it with npm run serve -- --workspace <other folder>.',
    }
  }
  return {
    why: 'Read-only: this workspace was opened without writing. Commands are disabled; you can look, not change.',
    what: mode === 'desktop'
      ? 'Untick File ▸ Read-Only to open it for writing (when no other Stormbook has it open).'
      : 'Restart npm run serve without --read-only to write (when no other Stormbook has it open).',
  }
}
