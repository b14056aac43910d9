import { closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { basename, isAbsolute, join, relative, resolve } from 'node:path'
import { parseFlow, type Flow } from '../flows/flow-file.ts'
import { codedError } from '../../domain/kernel/coded-error.ts'

/** What a folder chosen in a dialog holds, which decides whether opening it needs a question first. */
export type FolderKind = 'workspace' | 'empty' | 'missing' | 'file' | 'other'

/** Whether a path is a workspace folder, an empty or missing one, a file, or a folder of something else. */
export function folderKind(dir: string): FolderKind {
  try {
    if (!statSync(dir).isDirectory()) return 'file'
  } catch {
    return 'missing'
  }
  if (existsSync(join(dir, 'workspace.json')) || existsSync(join(dir, 'events.jsonl'))) return 'workspace'
  return readdirSync(dir).length === 0 ? 'empty' : 'other'
}

/** The two files that are a workspace's data (checkpoints are rebuilt from the log). */
export const EXPORTED_FILES = ['workspace.json', 'events.jsonl'] as const

/** Cuts a copied log back to its last whole line (an append in flight while copying is not exported). */
function trimToLastLine(path: string): void {
  const size = statSync(path).size
  if (size === 0) return
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.alloc(64 * 1024)
    let end = size
    while (end > 0) {
      const start = Math.max(0, end - chunk.length)
      const read = readSync(fd, chunk, 0, end - start, start)
      const nl = chunk.subarray(0, read).lastIndexOf(10)
      if (nl >= 0) {
        if (start + nl + 1 < size) truncateSync(path, start + nl + 1)
        return
      }
      end = start
    }
    truncateSync(path, 0)
  } finally {
    closeSync(fd)
  }
}

/**
 * Copies a workspace's workspace.json and events.jsonl into `target` (created when missing). Refuses to
 * overwrite (EXPORT_EXISTS) or to export into the workspace itself (EXPORT_INVALID); returns the files written.
 */
export function exportWorkspace(workspaceDir: string, targetDir: string): string[] {
  const source = resolve(workspaceDir)
  const target = resolve(targetDir)
  const inside = relative(source, target)
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw codedError('EXPORT_INVALID', 'Choose a folder outside the workspace to export into.', { path: target })
  }
  if (folderKind(target) === 'file') throw codedError('EXPORT_INVALID', `${target} is a file, not a folder.`, { path: target })
  const files = EXPORTED_FILES.filter((f) => existsSync(join(source, f)))
  const clash = files.find((f) => existsSync(join(target, f)))
  if (clash) throw codedError('EXPORT_EXISTS', `${join(target, clash)} already exists; choose an empty folder.`, { path: join(target, clash) })
  mkdirSync(target, { recursive: true })
  const written: string[] = []
  for (const file of files) {
    const to = join(target, file)
    copyFileSync(join(source, file), to, constants.COPYFILE_EXCL)
    if (file === 'events.jsonl') trimToLastLine(to)
    written.push(to)
  }
  return written
}

/** A file name the `flows.run` method accepts (`name.flow.json`, letters, digits, dot, dash, underscore). */
export function flowFileName(original: string): string {
  const stem = basename(original).replace(/\.flow\.json$|\.json$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 150)
  return `${stem || 'imported'}.flow.json`
}

/** Reads and parses a flow file someone picked (FLOW_INVALID with the JSON path, FLOW_UNREADABLE). */
export function readFlowFile(source: string): { text: string; flow: Flow } {
  const unreadable = (error: unknown) => codedError('FLOW_UNREADABLE', `${source} could not be read: ${(error as Error).message}`, { path: source })
  let size: number
  try {
    size = statSync(source).size
  } catch (error) {
    throw unreadable(error)
  }
  if (size > 5 * 1024 * 1024) throw codedError('FLOW_INVALID', `${basename(source)} is larger than 5 MB; it is not a flow file.`, { path: source })
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch (error) {
    throw unreadable(error)
  }
  return { text, flow: parseFlow(text) }
}

/**
 * Adds a flow file to a workspace's `flows/` (made on first import, with the shipped samples copied in so
 * the Flows screen keeps them). The file must parse (FLOW_INVALID names the JSON path otherwise); a name
 * already taken by another flow gets a numbered suffix.
 */
export function importFlowFile(source: string, workspaceDir: string): { file: string; flowsDir: string; flow: Flow } {
  const { text, flow } = readFlowFile(source)
  const flowsDir = join(workspaceDir, 'flows')
  mkdirSync(flowsDir, { recursive: true })
  const wanted = flowFileName(source)
  let file = wanted
  for (let n = 2; existsSync(join(flowsDir, file)) && readFileSync(join(flowsDir, file), 'utf8') !== text; n++) {
    file = wanted.replace(/\.flow\.json$/, `-${n}.flow.json`)
  }
  writeFileSync(join(flowsDir, file), text)
  return { file, flowsDir, flow }
}
