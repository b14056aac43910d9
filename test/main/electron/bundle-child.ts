/*
 * Runs the built main-process bundle (out/main/main.cjs) in plain Node with a minimal stand-in for
 * `electron`, as the Electron main process would run it, then prints what happened as JSON: proves the
 * CommonJS bundle loads, starts the app, opens the default workspace and answers a call.
 * Usage: tsx bundle-child.ts <main.cjs> <userData> <appPath>
 */
import Module, { createRequire } from 'node:module'

const [bundle, userData, appPath] = process.argv.slice(2)
type Listener = (...args: any[]) => unknown

function emitter() {
  const listeners = new Map<string, Listener[]>()
  return {
    on(name: string, listener: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener])
      return this
    },
    once(name: string, listener: Listener) {
      return this.on(name, listener)
    },
    emit(name: string, ...args: unknown[]) {
      for (const listener of listeners.get(name) ?? []) listener(...args)
    },
  }
}

const handlers = new Map<string, Listener>()
const windows: any[] = []
const sent: unknown[] = []
let lockAsked: unknown

class BrowserWindow {
  webContents = { ...emitter(), id: windows.length + 1, send: (...args: unknown[]) => sent.push(args), setWindowOpenHandler() {}, isDestroyed: () => false }
  loaded: string[] = []
  constructor(readonly options: Record<string, any>) {
    Object.assign(this, emitter())
    windows.push(this)
  }
  on() { return this }
  once() { return this }
  async loadFile(path: string) { this.loaded.push(path) }
  setTitle() {}
  isDestroyed() { return false }
}

const electron = {
  app: {
    ...emitter(),
    isPackaged: false,
    requestSingleInstanceLock: (data: unknown) => ((lockAsked = data), true),
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getAppPath: () => appPath,
    setAppUserModelId() {},
    quit() {},
    exit() {},
  },
  BrowserWindow,
  ipcMain: { handle: (channel: string, handler: Listener) => handlers.set(channel, handler), removeHandler() {} },
  session: { defaultSession: { webRequest: { onHeadersReceived() {} }, setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, on() {} } },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu() {} },
  dialog: { showErrorBox: (...args: unknown[]) => sent.push(['errorBox', ...args]), showMessageBox: async () => ({ response: 0 }), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  shell: { openExternal: async () => {}, openPath: async () => '' },
}

const original = (Module as any)._load
;(Module as any)._load = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? electron : original.call(this, request, ...rest)
}
Object.defineProperty(process.versions, 'electron', { value: '45.4.1' })
;(process as any).type = 'browser'
process.argv = [process.execPath] // a packaged app launched with no folder
createRequire(import.meta.url)(bundle)

async function whenStarted(): Promise<void> {
  for (let waited = 0; waited < 10_000 && !(handlers.size > 0 && windows.length > 0); waited += 20) await new Promise((r) => setTimeout(r, 20))
}

void whenStarted().then(async () => {
  const window = windows[0]
  const handler = handlers.get('stormbook:call')
  const event = { sender: window?.webContents, senderFrame: { url: `file://${window?.loaded[0]}`, parent: null } }
  const info = handler ? await handler(event, 'workspace.info', {}) : null
  const dispatched = handler ? await handler(event, 'dispatch', { command: 'RegisterCustomer', data: { customerId: 'c-1', name: 'Acme' } }) : null
  const forged = handler ? await handler({ ...event, senderFrame: { url: 'https://evil.example/', parent: null } }, 'workspace.info', {}) : null
  process.stdout.write(JSON.stringify({
    lockAsked,
    channels: [...handlers.keys()],
    windows: windows.map((w) => ({ loaded: w.loaded, webPreferences: w.options.webPreferences })),
    info, dispatched, forged,
    pushed: sent.filter((s: any) => s[0] === 'stormbook:events').length,
    errors: sent.filter((s: any) => s[0] === 'errorBox'),
  }))
  process.exit(0)
})
