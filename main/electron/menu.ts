import type { MenuItemConstructorOptions } from 'electron'
import type { MenuAction } from './channels.ts'
import type { RecentWorkspace } from './recent.ts'

/** The window the menu acts on, as the menu needs to know it. */
export interface FocusedWorkspace {
  dir: string
  name: string
  readOnly: boolean
  /** `failed`: the workspace could not be opened; the window shows why. */
  status: 'opening' | 'open' | 'failed' | 'closed'
}

/** Everything the application menu depends on. */
export interface MenuState {
  platform: NodeJS.Platform
  isPackaged: boolean
  recent: readonly RecentWorkspace[]
  focused: FocusedWorkspace | null
}

/** What the menu's items do (the shell implements them; tests record them). */
export interface MenuActions {
  newWorkspace(): void
  openWorkspace(): void
  openRecent(dir: string): void
  clearRecent(): void
  /** Reopens the workspace read-only (or writable again). */
  setReadOnly(dir: string, readOnly: boolean): void
  exportWorkspace(dir: string): void
  importFlow(dir: string): void
  /** Opens the workspace folder (or the app's data folder when no workspace is focused) in the file manager. */
  revealDataFolder(dir: string | null): void
  /** Forwards a command to the focused window's renderer. */
  toRenderer(action: MenuAction): void
}

function fileMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions {
  const focused = state.focused
  const usable = focused !== null && focused.status === 'open'
  const recent: MenuItemConstructorOptions[] = state.recent.map((w) => ({
    label: `${w.name} — ${w.dir}`,
    click: () => actions.openRecent(w.dir),
  }))
  return {
    label: '&File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      {
        label: 'Open Recent',
        enabled: recent.length > 0,
        submenu: recent.length > 0 ? [...recent, { type: 'separator' }, { label: 'Clear Recent', click: () => actions.clearRecent() }] : [{ label: 'No Recent Workspaces', enabled: false }],
      },
      {
        label: 'Read-Only',
        type: 'checkbox',
        checked: focused?.readOnly ?? false,
        enabled: focused !== null && (focused.status === 'open' || focused.status === 'failed'),
        click: () => focused && actions.setReadOnly(focused.dir, !focused.readOnly),
      },
      { type: 'separator' },
      { label: 'Export Workspace…', enabled: usable, click: () => focused && actions.exportWorkspace(focused.dir) },
      { label: 'Import Flow…', enabled: usable && !focused.readOnly, click: () => focused && actions.importFlow(focused.dir) },
      { label: 'Reveal Data Folder', click: () => actions.revealDataFolder(focused?.dir ?? null) },
      { type: 'separator' },
      state.platform === 'darwin' ? { role: 'close' } : { role: 'quit', label: 'Quit Stormbook' },
    ],
  }
}

function editMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions {
  // Undo and redo are the renderer's (compensating commands); it also handles their keys itself, so the
  // accelerators are shown without being registered where Electron allows that (Linux, Windows).
  return {
    label: '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.toRenderer('undo') },
      { label: 'Redo', accelerator: state.platform === 'darwin' ? 'Shift+Cmd+Z' : 'CmdOrCtrl+Y', registerAccelerator: false, click: () => actions.toRenderer('redo') },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }
}

function viewMenu(state: MenuState, actions: MenuActions): MenuItemConstructorOptions {
  const developer: MenuItemConstructorOptions[] = state.isPackaged ? [] : [{ role: 'toggleDevTools' }]
  return {
    label: '&View',
    submenu: [
      { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', registerAccelerator: false, click: () => actions.toRenderer('palette') },
      { label: 'Timeline and Replay', click: () => actions.toRenderer('timeline') },
      { type: 'separator' },
      { role: 'reload' },
      ...developer,
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
}

function helpMenu(actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', registerAccelerator: false, click: () => actions.toRenderer('shortcuts') },
      { type: 'separator' },
      { role: 'about', label: 'About Stormbook' },
    ],
  }
}

/** The application menu for a state: a pure function, so what it offers and when is tested without Electron. */
export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const app: MenuItemConstructorOptions[] = state.platform === 'darwin' ? [{ role: 'appMenu' }] : []
  const window: MenuItemConstructorOptions[] = state.platform === 'darwin' ? [{ role: 'windowMenu' }] : []
  return [...app, fileMenu(state, actions), editMenu(state, actions), viewMenu(state, actions), ...window, helpMenu(actions)]
}

