import { join, resolve } from 'node:path'
import { app, dialog, session } from 'electron'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { keepRunningOnUnhandledRejection } from '../host/keep-running.ts'
import { registerIpc } from './ipc.ts'
import { WorkspaceWindows } from './workspace-windows.ts'
import { saveDownloadsThroughDialog } from './file-commands.ts'
import { appPaths, secureSession } from './window.ts'

/** The app id (electron-builder.yml's appId too): Windows groups notifications under it. */
export const APP_ID = 'dev.stormbook.app'

/**
 * The workspace folder a launch asked for: the last word of its command line that is not a flag, resolved
 * against its working directory. The executable is skipped, and the app's own path when run as `electron .`.
 */
export function workspaceFromArgv(argv: readonly string[], cwd: string, defaultApp: boolean): string | null {
  const words = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'))
  if (defaultApp) words.shift()
  const last = words.at(-1)
  return last === undefined ? null : resolve(cwd, last)
}

/** What a second launch asked for: the folder it parsed itself (additionalData), else read from its argv. */
export function askedBySecondInstance(argv: readonly string[], workingDirectory: string, additionalData: unknown, defaultApp: boolean): string | null {
  if (typeof additionalData === 'object' && additionalData !== null && 'workspace' in additionalData) {
    const asked = (additionalData as { workspace: unknown }).workspace
    if (asked === null) return null
    if (typeof asked === 'string' && asked.length > 0 && asked.length < 4096) return resolve(workingDirectory, asked)
  }
  return workspaceFromArgv(argv, workingDirectory, defaultApp)
}

/**
 * Starts the desktop app: one instance per user (a second launch hands its folder to this one and quits),
 * one window per workspace, the default workspace when none is asked for. Returns the shell, or null when
 * another instance already runs.
 */
export function startApp(argv: readonly string[] = process.argv, cwd: string = process.cwd()): WorkspaceWindows | null {
  const defaultApp = Boolean(process.defaultApp)
  const asked = workspaceFromArgv(argv, cwd, defaultApp)
  if (!app.requestSingleInstanceLock({ workspace: asked })) {
    app.quit()
    return null
  }
  // A failed task nobody waited for is logged; it never ends the app and the workspaces it has open.
  keepRunningOnUnhandledRejection()
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  const paths = appPaths(app.getAppPath())
  const shell = new WorkspaceWindows({
    userData: app.getPath('userData'),
    paths,
    samplesDir: app.isPackaged ? join(process.resourcesPath, 'flows') : join(app.getAppPath(), 'flows'),
    contexts,
    clock: new SystemClock(),
    platform: process.platform,
    isPackaged: app.isPackaged,
  })

  app.on('second-instance', (_event, secondArgv, workingDirectory, additionalData) => {
    const dir = askedBySecondInstance(secondArgv, workingDirectory, additionalData, defaultApp)
    if (dir === null) shell.focus()
    else void shell.openRequested(dir)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (shell.openDirs().length === 0) shell.open(shell.defaultWorkspace)
  })
  let closing = false
  app.on('before-quit', (event) => {
    // Workspaces close first (queued commands finish, a checkpoint is written, the lock released).
    if (!shell.hasOpenWork()) return
    event.preventDefault()
    if (closing) return
    closing = true
    void shell.closeAll().finally(() => {
      closing = false
      app.quit()
    })
  })

  app.whenReady().then(() => {
    secureSession(session.defaultSession)
    saveDownloadsThroughDialog(session.defaultSession, app.getPath('downloads'))
    registerIpc(paths, (contents) => shell.targetFor(contents))
    shell.refreshMenu()
    if (asked === null) shell.open(shell.defaultWorkspace)
    else void shell.openRequested(asked)
  }).catch((error: unknown) => {
    dialog.showErrorBox('Stormbook could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
  return shell
}

// Run by Electron's main process (the out/main/main.cjs bundle); importing this file elsewhere starts nothing.
if (process.versions.electron !== undefined && process.type === 'browser') startApp()
