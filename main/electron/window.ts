import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, dialog, shell, type BrowserWindowConstructorOptions, type MessageBoxOptions, type Session, type WebContents } from 'electron'

/** Where the built app's pieces are: the preload bundle and the renderer's index.html. */
export interface AppPaths {
  preload: string
  rendererIndex: string
}

/** The built files under the app's folder (`npm run build` writes them; electron-builder packs `out/**`). */
export function appPaths(appPath: string): AppPaths {
  return { preload: join(appPath, 'out', 'main', 'preload.cjs'), rendererIndex: join(appPath, 'out', 'renderer', 'index.html') }
}

/**
 * The renderer's policy: everything from the app's own files, nothing inline or evaluated, no frames, no
 * plugins, no network beyond 'self'. Data URLs only for images and fonts (charts and icons).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The title of a workspace's window. */
export function windowTitle(name: string | undefined, dir: string, readOnly: boolean): string {
  return `${name || basename(dir)}${readOnly ? ' (read-only)' : ''} — Stormbook`
}

/** Electron's security checklist as window options: an isolated, sandboxed renderer with only the preload's bridge. */
export function windowOptions(paths: AppPaths, title: string): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    backgroundColor: '#1f2330',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  }
}

/** The renderer's own file:// URL, the only page a Stormbook window shows. */
export function rendererUrl(paths: AppPaths): string {
  return pathToFileURL(paths.rendererIndex).href
}

function withoutQuery(url: URL): string {
  const text = `${url.protocol}//${url.host}${decodeURIComponent(url.pathname)}`
  // Windows paths are case-insensitive (and the drive letter's case varies); elsewhere they are not.
  return process.platform === 'win32' ? text.toLowerCase() : text
}

/** Whether `url` is the app's renderer page (any query string or hash; never another file or scheme). */
export function isRendererUrl(url: string, paths: AppPaths): boolean {
  try {
    const actual = new URL(url)
    if (actual.protocol !== 'file:') return false
    return withoutQuery(actual) === withoutQuery(new URL(rendererUrl(paths)))
  } catch {
    return false
  }
}

/**
 * A link that may be handed to the system browser: http(s) only, a host, no credentials in it, not absurdly
 * long. Returns the normalized URL, or null for anything else (`javascript:`, `file:`, `data:`, custom schemes).
 */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null
  return url.href
}

/**
 * Opens a link in the system browser only when it passes the URL check and the user confirms it (the
 * dialog shows the whole address); answers whether it was opened.
 */
export async function openExternalLink(raw: unknown, parent?: BrowserWindow): Promise<boolean> {
  const url = safeExternalUrl(raw)
  if (url === null) return false
  const box: MessageBoxOptions = {
    type: 'question',
    title: 'Stormbook',
    message: 'Open this link in your browser?',
    detail: url,
    buttons: ['Open in Browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
  try {
    const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, box) : await dialog.showMessageBox(box)
    if (response !== 0) return false
    await shell.openExternal(url)
    return true
  } catch {
    return false
  }
}

/**
 * Secures the session the windows use: the CSP header on every response, and every permission refused
 * except notifications (revenue at risk raises a system notification).
 */
export function secureSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
    callback({ responseHeaders: headers })
  })
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'))
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications')
}

/**
 * Keeps a window on its one page: every navigation is refused (a plain http(s) link goes to the system
 * browser after the URL check and the user's confirmation), `window.open` is denied the same way, and no <webview> can attach.
 */
export function guardWebContents(contents: WebContents, parent?: BrowserWindow): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    void openExternalLink(event.url, parent)
  })
  contents.setWindowOpenHandler((details) => {
    void openExternalLink(details.url, parent)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Loads the renderer page into a window (again, after a workspace was reopened). */
export function loadRenderer(window: BrowserWindow, paths: AppPaths): Promise<void> {
  return window.loadFile(paths.rendererIndex)
}

/** Makes a guarded window for one workspace, shown once its page has painted; the caller loads the renderer. */
export function createWorkspaceWindow(paths: AppPaths, title: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(paths, title))
  guardWebContents(window.webContents, window)
  window.once('ready-to-show', () => window.show())
  return window
}
