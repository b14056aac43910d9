import { basename, join, resolve } from 'node:path'
import { dialog, Menu, shell, type BrowserWindow, type WebContents } from 'electron'
import type { BoundedContext, Clock } from '../../domain/kernel/index.ts'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { ApiResult } from '../ipc/contract.ts'
import { MENU_CHANNEL, type MenuAction } from './channels.ts'
import { openKeychain, type Keychain } from './keychain.ts'
import { confirmMakeWorkspace, exportWorkspaceTo, importFlowInto, newWorkspace, openWorkspaceFolder } from './file-commands.ts'
import type { CallTarget } from './ipc.ts'
import { buildMenuTemplate, type MenuActions, type MenuState } from './menu.ts'
import { openFailure } from './open-failure.ts'
import { offerRecovery } from './recovery.ts'
import { forgetWorkspace, readRecent, rememberWorkspace, writeRecent, type RecentWorkspace } from './recent.ts'
import { createWorkspaceWindow, loadRenderer, windowTitle, type AppPaths } from './window.ts'
import { resetSetting } from './settings-reset.ts'
import { closeForWindow, openForWindow, type WindowState } from './window-workspace.ts'
import { folderKind } from './workspace-files.ts'

/** What the workspace windows need from the app: where things are, the engine's contexts and clock, the platform. */
export interface WorkspaceWindowsOptions {
  userData: string
  paths: AppPaths
  /** The sample flows shipped with the app. */
  samplesDir: string
  contexts: readonly BoundedContext[]
  clock: Clock
  platform: NodeJS.Platform
  isPackaged: boolean
}

/** One workspace and the window that shows it. */
interface WorkspaceWindow {
  dir: string
  window: BrowserWindow
  contentsId: number
  readOnly: boolean
  state: WindowState
  /** Settles when the open (or reopen) in progress has finished, well or not. */
  ready: Promise<void>
  target: CallTarget
}

/**
 * The desktop app's windows: one per workspace folder (opening a folder that is open focuses its window),
 * the workspace each one has open, the recent list, and what the menu's items do.
 */
export class WorkspaceWindows {
  private readonly byDir = new Map<string, WorkspaceWindow>()
  private readonly byContents = new Map<number, WorkspaceWindow>()
  private readonly closing = new Set<Promise<void>>()
  private focused: WorkspaceWindow | null = null
  private recent: RecentWorkspace[]
  /** The team sync passwords, encrypted by the OS keychain, in userData. */
  private readonly keychain: Keychain

  constructor(private readonly options: WorkspaceWindowsOptions) {
    this.recent = readRecent(this.recentFile)
    this.keychain = openKeychain(options.userData)
  }

  /** The sample flows shipped with the app. */
  get samplesDir(): string {
    return this.options.samplesDir
  }

  /** Where Open Recent is kept. */
  get recentFile(): string {
    return join(this.options.userData, 'recent.json')
  }

  /** The workspace opened when the app starts with no folder asked for. */
  get defaultWorkspace(): string {
    return join(this.options.userData, 'workspaces', 'default')
  }

  /** The workspace folders with a window, in the order they were opened. */
  openDirs(): string[] {
    return [...this.byDir.keys()]
  }

  /** The call target of a window this shell made (the IPC sender check asks); undefined for anything else. */
  targetFor(contents: WebContents): CallTarget | undefined {
    return this.byContents.get(contents.id)?.target
  }

  /** Whether quitting must wait: open workspaces to close, or closes still running. */
  hasOpenWork(): boolean {
    return this.byDir.size > 0 || this.closing.size > 0
  }

  /** Opens a workspace folder in a new window, or focuses the window that already shows it. */
  open(dirPath: string, options: { readOnly?: boolean } = {}): void {
    const dir = resolve(dirPath)
    const existing = this.byDir.get(dir)
    if (existing) {
      this.focus(existing)
      return
    }
    const readOnly = options.readOnly ?? false
    const window = createWorkspaceWindow(this.options.paths, windowTitle(basename(dir), dir, readOnly))
    const entry: WorkspaceWindow = {
      dir, window, contentsId: window.webContents.id, readOnly, state: { kind: 'opening' }, ready: Promise.resolve(),
      target: { call: (method, params) => this.answer(entry, method, params) },
    }
    this.byDir.set(dir, entry)
    this.byContents.set(entry.contentsId, entry)
    this.focused = entry
    window.on('focus', () => {
      this.focused = entry
      this.refreshMenu()
    })
    window.on('closed', () => this.forget(entry))
    entry.ready = this.openInto(entry)
    this.load(entry)
    this.refreshMenu()
  }

  /** Brings a window to the front (restored if minimized); with none given, the last one used. */
  focus(entry: WorkspaceWindow | null = this.focused): void {
    const target = entry ?? [...this.byDir.values()].at(-1)
    if (!target || target.window.isDestroyed()) return
    if (target.window.isMinimized()) target.window.restore()
    target.window.show()
    target.window.focus()
  }

  /**
   * Opens a folder the user asked for (dialog, Open Recent, a second launch): a workspace or an empty
   * folder opens; a missing one is reported (and leaves Open Recent); a folder of other files is made a
   * workspace only after asking.
   */
  async openRequested(dirPath: string): Promise<void> {
    const dir = resolve(dirPath)
    const kind = this.byDir.has(dir) ? 'workspace' : folderKind(dir)
    if (kind === 'workspace' || kind === 'empty') return this.open(dir)
    if (kind === 'missing') {
      this.setRecent(forgetWorkspace(this.recent, dir))
      dialog.showErrorBox('Stormbook', `There is no folder at ${dir}.`)
      return
    }
    if (kind === 'file') {
      dialog.showErrorBox('Stormbook', `${dir} is a file; a workspace is a folder.`)
      return
    }
    if (await confirmMakeWorkspace(dir)) this.open(dir)
  }

  /**
   * Closes a workspace and opens it again, read-only or writable, in the same window (whose page is
   * reloaded). Reopens queue behind the open in progress, so two never race for the lock.
   */
  async reopen(dirPath: string, readOnly: boolean, options: { takeOver?: boolean } = {}): Promise<void> {
    const entry = this.byDir.get(resolve(dirPath))
    if (!entry) return
    const previous = entry.ready
    entry.ready = (async () => {
      await previous
      if (this.byDir.get(entry.dir) !== entry) return
      if (entry.state.kind === 'open') await closeForWindow(entry.state)
      entry.readOnly = readOnly
      entry.state = { kind: 'opening' }
      this.refreshMenu()
      // Taking over another process's lock is asked for once, never remembered for a later reopen.
      await this.openInto(entry, { takeOver: options.takeOver === true && !readOnly })
    })()
    this.load(entry)
    await entry.ready
  }

  /** The window of a workspace, or of the focused one when no folder is given. */
  windowOf(dir?: string): BrowserWindow | undefined {
    const entry = dir === undefined ? this.focused : this.byDir.get(resolve(dir))
    return entry && !entry.window.isDestroyed() ? entry.window : undefined
  }

  /** Whether the workspace is open for writing. */
  isWritable(dir: string): boolean {
    const entry = this.byDir.get(resolve(dir))
    return entry !== undefined && entry.state.kind === 'open' && !entry.readOnly
  }


  /** Calls the API of a workspace's window, as its renderer would. */
  call(dir: string, method: string, params: unknown): Promise<ApiResult<unknown>> {
    const entry = this.byDir.get(resolve(dir))
    return entry ? entry.target.call(method, params) : Promise.resolve({ ok: false, error: { code: 'WORKSPACE_CLOSED', message: 'The workspace is closed.', details: {} } })
  }

  /** Forwards a menu command to a workspace's renderer (the focused one by default). */
  toRenderer(action: MenuAction, dir?: string): void {
    const window = this.windowOf(dir)
    window?.webContents.send(MENU_CHANNEL, action)
  }

  /** Closes every workspace (windows stay until the app quits); resolves when all are closed on disk. */
  async closeAll(): Promise<void> {
    for (const entry of [...this.byDir.values()]) this.forget(entry)
    await Promise.all([...this.closing])
  }

  /** The menu's view of the app now. */
  menuState(): MenuState {
    const f = this.focused
    const name = f && f.state.kind === 'open' ? f.state.workspace.document.data.name : f ? basename(f.dir) : ''
    return {
      platform: this.options.platform,
      isPackaged: this.options.isPackaged,
      recent: this.recent,
      focused: f ? { dir: f.dir, name, readOnly: f.readOnly, status: f.state.kind } : null,
    }
  }

  /** What the menu's items do. */
  readonly actions: MenuActions = {
    newWorkspace: () => void newWorkspace(this.windowOf(), (dir) => this.open(dir)),
    openWorkspace: () => void openWorkspaceFolder(this.windowOf(), (dir) => this.openRequested(dir)),
    openRecent: (dir) => void this.openRequested(dir),
    clearRecent: () => this.setRecent([]),
    setReadOnly: (dir, readOnly) => void this.reopen(dir, readOnly),
    exportWorkspace: (dir) => void exportWorkspaceTo(dir, this.windowOf(dir)),
    importFlow: (dir) => void this.importFlow(dir),
    revealDataFolder: (dir) => void shell.openPath(dir ?? this.options.userData),
    toRenderer: (action) => this.toRenderer(action),
  }

  /** File ▸ Import Flow… into one workspace. */
  importFlow(dir: string): Promise<void> {
    return importFlowInto({
      dir,
      window: this.windowOf(dir),
      isWritable: () => this.isWritable(dir),
      flowsChanged: () => this.toRenderer('flows-changed', dir),
      runFlow: (file) => this.call(dir, 'flows.run', { file }),
    })
  }

  /** Rebuilds the application menu from the current state. */
  refreshMenu(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(this.menuState(), this.actions)))
  }

  private async answer(entry: WorkspaceWindow, method: string, params: unknown): Promise<ApiResult<unknown>> {
    await entry.ready
    const state = entry.state
    if (state.kind === 'open') {
      const answer = await state.api.call(method, params)
      // The events (and sync status) this call caused reach the window before its answer.
      if (entry.state === state) state.flushPushes()
      return answer
    }
    if (state.kind === 'failed') return { ok: false, error: state.error }
    return { ok: false, error: { code: 'WORKSPACE_CLOSED', message: 'The workspace is closed.', details: {} } }
  }

  private async openInto(entry: WorkspaceWindow, extra: { takeOver?: boolean } = {}): Promise<void> {
    const { contexts, clock, samplesDir } = this.options
    try {
      const state = await openForWindow(entry.dir, entry.window, {
        contexts, clock, samplesDir, readOnly: entry.readOnly, takeOver: extra.takeOver, onNotificationClick: () => this.focus(entry), keychain: this.keychain,
      })
      if (this.byDir.get(entry.dir) !== entry) {
        await closeForWindow(state)
        return
      }
      entry.state = state
      const name = state.workspace.document.data.name
      entry.window.setTitle(windowTitle(name, entry.dir, entry.readOnly))
      this.setRecent(rememberWorkspace(this.recent, { dir: entry.dir, name, openedAt: clock.now() }))
    } catch (error) {
      if (entry.window.isDestroyed()) return
      const failure = openFailure(error, entry.dir, entry.readOnly)
      entry.state = { kind: 'failed', error: failure }
      void this.offerRecovery(entry, failure)
    }
    this.refreshMenu()
  }

  private offerRecovery(entry: WorkspaceWindow, failure: CodedError): Promise<void> {
    return offerRecovery(entry.dir, failure, {
      window: entry.window,
      reopen: ({ readOnly, takeOver }) => this.reopen(entry.dir, readOnly, { takeOver }),
      resetSetting: (key) => resetSetting(entry.dir, key, () => this.options.clock.now()),
      openRequested: (dir) => this.openRequested(dir),
    })
  }

  private load(entry: WorkspaceWindow): void {
    loadRenderer(entry.window, this.options.paths).catch((error: unknown) => {
      if (entry.window.isDestroyed()) return
      entry.window.show()
      dialog.showErrorBox('Stormbook', `The app's screens could not be loaded (${error instanceof Error ? error.message : String(error)}). Run npm run build, then start again.`)
    })
  }

  private forget(entry: WorkspaceWindow): void {
    if (this.byDir.get(entry.dir) !== entry) return
    this.byDir.delete(entry.dir)
    this.byContents.delete(entry.contentsId)
    if (this.focused === entry) this.focused = [...this.byDir.values()].at(-1) ?? null
    const closing = (async () => {
      await entry.ready
      if (entry.state.kind === 'open') await closeForWindow(entry.state)
      entry.state = { kind: 'closed' }
    })()
    this.closing.add(closing)
    void closing.then(() => this.closing.delete(closing))
    this.refreshMenu()
  }

  private setRecent(list: RecentWorkspace[]): void {
    this.recent = list
    try {
      writeRecent(this.recentFile, list)
    } catch {
      // Open Recent is a convenience: a read-only profile folder must not stop the app
    }
    this.refreshMenu()
  }
}
