import { basename, join } from 'node:path'
import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron'
import type { ApiError, ApiResult } from '../ipc/contract.ts'
import type { MenuAction } from './channels.ts'
import { exportWorkspace, folderKind, importFlowFile, readFlowFile } from './workspace-files.ts'

/** What the File commands need from the shell that keeps the windows. */
export interface FileCommandHost {
  readonly samplesDir: string
  open(dir: string): void
  openRequested(dir: string): Promise<void>
  reopen(dir: string, readOnly: boolean): Promise<void>
  /** The window of a workspace, or of the focused one when no folder is given. */
  windowOf(dir?: string): BrowserWindow | undefined
  /** Whether the workspace is open for writing (Import Flow needs that). */
  isWritable(dir: string): boolean
  /** Points the workspace's Flows at another folder (after the first import made its own `flows/`). */
  useFlows(dir: string, flowsDir: string): void
  call(dir: string, method: string, params: unknown): Promise<ApiResult<unknown>>
  toRenderer(action: MenuAction, dir?: string): void
}

function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Shows a message box and answers the label of the button chosen (the last button is the cancel one). */
export async function ask(options: MessageBoxOptions & { buttons: string[] }, parent?: BrowserWindow): Promise<string> {
  const box: MessageBoxOptions = { title: 'Stormbook', noLink: true, defaultId: 0, cancelId: options.buttons.length - 1, ...options }
  const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, box) : await dialog.showMessageBox(box)
  return options.buttons[response] ?? ''
}

/** The native folder dialog; null when cancelled. */
export async function chooseFolder(title: string, buttonLabel: string, parent?: BrowserWindow): Promise<string | null> {
  const options = { title, buttonLabel, properties: ['openDirectory', 'createDirectory', 'promptToCreate'] as Array<'openDirectory' | 'createDirectory' | 'promptToCreate'> }
  const picked = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
  return picked.canceled || picked.filePaths.length === 0 ? null : picked.filePaths[0]
}

/** File ▸ New Workspace…: an empty (or new) folder becomes a workspace; a folder of other files is refused. */
export async function newWorkspace(host: FileCommandHost): Promise<void> {
  const dir = await chooseFolder('New Workspace', 'Create Workspace Here', host.windowOf())
  if (dir === null) return
  const kind = folderKind(dir)
  if (kind === 'missing' || kind === 'empty' || kind === 'workspace') host.open(dir)
  else dialog.showErrorBox('Stormbook', `${dir} already holds other files. Choose an empty folder for a new workspace.`)
}

/** File ▸ Open Workspace…: the native folder dialog, then the shell's checks of what the folder holds. */
export async function openWorkspaceFolder(host: FileCommandHost): Promise<void> {
  const dir = await chooseFolder('Open Workspace', 'Open', host.windowOf())
  if (dir !== null) await host.openRequested(dir)
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

/**
 * A workspace that did not open: its window shows why (every call answers the error), and this dialog
 * offers the ways out: open read-only (when that helps), choose another folder, or leave it.
 */
export async function offerRecovery(host: FileCommandHost, dir: string, error: ApiError): Promise<void> {
  const window = host.windowOf(dir)
  const actions = Array.isArray(error.details?.actions) ? (error.details.actions as string[]) : []
  const answer = await ask({
    type: 'warning',
    message: `Stormbook cannot open ${basename(dir)}.`,
    detail: `${error.message}\n\n(${error.code})`,
    buttons: [...(actions.includes('openReadOnly') ? ['Open Read-Only'] : []), 'Choose Another…', 'Not Now'],
  }, window)
  if (answer === 'Open Read-Only') await host.reopen(dir, true)
  else if (answer === 'Choose Another…') {
    const chosen = await chooseFolder('Open Workspace', 'Open', window)
    if (chosen === null) return
    window?.close()
    await host.openRequested(chosen)
  }
}

/** File ▸ Export Workspace…: workspace.json and events.jsonl copied to a chosen folder. */
export async function exportWorkspaceTo(host: FileCommandHost, dir: string): Promise<void> {
  const window = host.windowOf(dir)
  const target = await chooseFolder('Export Workspace', 'Export Here', window)
  if (target === null) return
  try {
    const files = exportWorkspace(dir, target)
    await ask({ type: 'info', message: 'Workspace exported.', detail: files.join('\n'), buttons: ['OK'] }, window)
  } catch (error) {
    dialog.showErrorBox('Export Workspace', words(error))
  }
}

/**
 * File ▸ Import Flow…: a flow file is checked, added to the workspace's `flows/`, and run at once if the
 * user asks; the renderer is told its Flows list changed.
 */
export async function importFlowInto(host: FileCommandHost, dir: string): Promise<void> {
  if (!host.isWritable(dir)) return
  const window = host.windowOf(dir)
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
  if ((answer !== 'Add to Flows' && answer !== 'Add and Run Now') || !host.isWritable(dir)) return
  try {
    const imported = importFlowFile(source, dir, host.samplesDir)
    host.useFlows(dir, imported.flowsDir)
    host.toRenderer('flows-changed', dir)
    if (answer !== 'Add and Run Now') return
    const result = await host.call(dir, 'flows.run', { file: imported.file })
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
