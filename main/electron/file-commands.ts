import { basename, join } from 'node:path'
import { dialog, type BrowserWindow, type DownloadItem, type SaveDialogOptions, type Session } from 'electron'
import type { ApiResult } from '../ipc/contract.ts'
import { ask, chooseFolder, words } from './dialogs.ts'
import { exportWorkspace, folderKind, importFlowFile, readFlowFile } from './workspace-files.ts'

/*
 * The File menu's commands. Each takes what it works on (a folder, its window, a callback or two), never
 * the keeper of the windows itself.
 */

/** File ▸ New Workspace…: an empty (or new) folder becomes a workspace; a folder of other files is refused. */
export async function newWorkspace(parent: BrowserWindow | undefined, open: (dir: string) => void): Promise<void> {
  const dir = await chooseFolder('New Workspace', 'Create Workspace Here', parent)
  if (dir === null) return
  const kind = folderKind(dir)
  if (kind === 'missing' || kind === 'empty' || kind === 'workspace') open(dir)
  else dialog.showErrorBox('Stormbook', `${dir} already holds other files. Choose an empty folder for a new workspace.`)
}

/** File ▸ Open Workspace…: the native folder dialog, then `openRequested` checks what the folder holds. */
export async function openWorkspaceFolder(parent: BrowserWindow | undefined, openRequested: (dir: string) => Promise<void>): Promise<void> {
  const dir = await chooseFolder('Open Workspace', 'Open', parent)
  if (dir !== null) await openRequested(dir)
}

/** Asked before a folder of other files is made a workspace; answers whether to go ahead. */
export async function confirmMakeWorkspace(dir: string): Promise<boolean> {
  const answer = await ask({
    type: 'question',
    message: `${basename(dir)} is not a Stormbook workspace.`,
    detail: `Make ${dir} a workspace? Stormbook adds workspace.json and events.jsonl to it.`,
    buttons: ['Make Workspace', 'Cancel'],
  })
  return answer === 'Make Workspace'
}

/** File ▸ Export Workspace…: workspace.json and events.jsonl copied to a chosen folder. */
export async function exportWorkspaceTo(dir: string, window: BrowserWindow | undefined): Promise<void> {
  const target = await chooseFolder('Export Workspace', 'Export Here', window)
  if (target === null) return
  try {
    const files = exportWorkspace(dir, target)
    await ask({ type: 'info', message: 'Workspace exported.', detail: files.join('\n'), buttons: ['OK'] }, window)
  } catch (error) {
    dialog.showErrorBox('Export Workspace', words(error))
  }
}

/** What Import Flow needs of the workspace it imports into. */
export interface ImportTarget {
  dir: string
  window: BrowserWindow | undefined
  /** Whether the workspace is (still) open for writing. */
  isWritable(): boolean
  /** Tells the workspace's renderer that its flow library changed. */
  flowsChanged(): void
  /** Runs a flow of the workspace's `flows/` into it, as the renderer's `flows.run` would. */
  runFlow(file: string): Promise<ApiResult<unknown>>
}

/**
 * File ▸ Import Flow…: a flow file is checked, added to the workspace's `flows/`, and run at once if the
 * user asks; the renderer is told its Flows list changed.
 */
export async function importFlowInto(target: ImportTarget): Promise<void> {
  const { dir, window } = target
  if (!target.isWritable()) return
  const options = { title: 'Import Flow', properties: ['openFile'] as Array<'openFile'>, filters: [{ name: 'Flow files', extensions: ['json'] }] }
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  if (picked.canceled || picked.filePaths.length === 0) return
  const source = picked.filePaths[0]
  let flowName: string
  try {
    flowName = readFlowFile(source).flow.flow
  } catch (error) {
    dialog.showErrorBox('Import Flow', words(error))
    return
  }
  const answer = await ask({
    type: 'question',
    message: `Import the flow "${flowName}"?`,
    detail: `It is added to ${join(dir, 'flows')}. Running it dispatches its commands into this workspace.`,
    buttons: ['Add to Flows', 'Add and Run Now', 'Cancel'],
  }, window)
  if ((answer !== 'Add to Flows' && answer !== 'Add and Run Now') || !target.isWritable()) return
  try {
    const imported = importFlowFile(source, dir)
    target.flowsChanged()
    if (answer !== 'Add and Run Now') return
    const result = await target.runFlow(imported.file)
    const passed = result.ok && (result.value as { ok?: boolean }).ok === true
    await ask({
      type: passed ? 'info' : 'warning',
      message: passed ? `The flow "${imported.flow.flow}" ran: every expectation met.` : `The flow "${imported.flow.flow}" did not pass.`,
      detail: result.ok ? 'Its report is on the Flows screen.' : `${result.error.message} (${result.error.code})`,
      buttons: ['OK'],
    }, window)
  } catch (error) {
    dialog.showErrorBox('Import Flow', words(error))
  }
}

/** The save dialog's filter for each kind of file a window saves, by the end of its name. */
const SAVE_FILTERS: ReadonlyArray<{ suffix: string; name: string; extensions: string[] }> = [
  { suffix: '.flow.json', name: 'Flow files', extensions: ['json'] },
  { suffix: '.md', name: 'Markdown documents', extensions: ['md'] },
  { suffix: '.mmd', name: 'Mermaid flowcharts', extensions: ['mmd'] },
  { suffix: '.svg', name: 'SVG drawings', extensions: ['svg'] },
  { suffix: '.png', name: 'PNG images', extensions: ['png'] },
  { suffix: '.jsonl', name: 'Event logs (JSON lines)', extensions: ['jsonl'] },
  { suffix: '.csv', name: 'CSV tables', extensions: ['csv'] },
]

/** The save dialog's options for a file a window saves: its name in `folder`, a filter for its kind, then any file. */
export function saveDialogOptions(fileName: string, folder: string): SaveDialogOptions {
  const name = basename(fileName) || 'export'
  const kind = SAVE_FILTERS.find((f) => name.toLowerCase().endsWith(f.suffix))
  return {
    title: `Save ${name}`,
    defaultPath: join(folder, name),
    buttonLabel: 'Save',
    filters: [...(kind ? [{ name: kind.name, extensions: kind.extensions }] : []), { name: 'All files', extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }
}

/**
 * Exports and "Export flow" through the native save dialog: the renderer saves a file as a download
 * (renderer/workspace/save-file.ts), and every download of the session gets the save dialog's options
 * (its name in `folder`, the filter of its kind). No save path is set, so Electron asks where to save it
 * each time; cancelling saves nothing.
 */
export function saveDownloadsThroughDialog(session: Pick<Session, 'on'>, folder: string): void {
  session.on('will-download', (_event: unknown, item: DownloadItem) => {
    item.setSaveDialogOptions(saveDialogOptions(item.getFilename(), folder))
  })
}
