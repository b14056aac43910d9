import { vi } from 'vitest'

/*
 * A hand-made stand-in for the `electron` module (its binary cannot run in tests). Each test file mocks
 * `electron` with this module and drives it through `fake`: scripted dialog answers, the single-instance
 * lock, what was sent to which window.
 */

type Listener = (...args: any[]) => unknown

class Emitter {
  private readonly listeners = new Map<string, Listener[]>()

  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
    return this
  }

  once(name: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(name, wrapped)
      return listener(...args)
    }
    return this.on(name, wrapped)
  }

  removeListener(name: string, listener: Listener): this {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener))
    return this
  }

  emit(name: string, ...args: unknown[]): boolean {
    const listeners = this.listeners.get(name) ?? []
    for (const listener of listeners) listener(...args)
    return listeners.length > 0
  }

  listenerCount(name: string): number {
    return (this.listeners.get(name) ?? []).length
  }

  removeAllListeners(): void {
    this.listeners.clear()
  }
}

/** A navigation-like event: records whether it was prevented. */
export class FakeEvent {
  defaultPrevented = false
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

let nextContentsId = 1

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++
  readonly sent: Array<[string, ...unknown[]]> = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  destroyed = false

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args])
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  title: string
  destroyed = false
  minimized = false
  focusCount = 0
  shown = false

  constructor(readonly options: Record<string, any>) {
    super()
    this.title = options.title
    FakeBrowserWindow.all.push(this)
  }

  loadFile(path: string): Promise<void> {
    this.loaded.push(path)
    return fake.loadFileResult()
  }

  setTitle(title: string): void {
    this.title = title
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  isMinimized(): boolean {
    return this.minimized
  }

  restore(): void {
    this.minimized = false
  }

  show(): void {
    this.shown = true
  }

  focus(): void {
    this.focusCount++
  }

  close(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

type DialogAnswer = { canceled: boolean; filePaths: string[] }

/** The test's handle on the fake: reset it in beforeEach. */
export const fake = {
  hasLock: true,
  userData: '/tmp/stormbook-fake-user-data',
  appPath: '/tmp/stormbook-fake-app',
  ready: Promise.resolve(),
  /** Answers of showOpenDialog, in order (canceled when none is left). */
  openDialogAnswers: [] as string[][],
  /** Labels of the message-box buttons to press, in order ('' presses the last, the cancel button). */
  messageBoxAnswers: [] as string[],
  messageBoxes: [] as Array<{ message?: string; detail?: string; buttons: string[] }>,
  errorBoxes: [] as Array<[string, string]>,
  menu: null as null | { template: any[] },
  exposed: {} as Record<string, unknown>,
  loadFileResult: (): Promise<void> => Promise.resolve(),
  /** What Notification.isSupported() answers. */
  notificationsSupported: true,
  /** What safeStorage.isEncryptionAvailable() answers (an OS without a keychain: false). */
  encryptionAvailable: true,

  reset(): void {
    this.notificationsSupported = true
    this.encryptionAvailable = true
    FakeNotification.all = []
    this.hasLock = true
    this.ready = Promise.resolve()
    this.openDialogAnswers = []
    this.messageBoxAnswers = []
    this.messageBoxes = []
    this.errorBoxes = []
    this.menu = null
    this.exposed = {}
    this.loadFileResult = () => Promise.resolve()
    FakeBrowserWindow.all = []
    app.removeAllListeners()
    ipcMain.handlers.clear()
    ipcRenderer.removeAllListeners()
    vi.clearAllMocks()
  },
}

class FakeApp extends Emitter {
  isPackaged = false
  requestSingleInstanceLock = vi.fn((_data?: unknown) => fake.hasLock)
  quit = vi.fn()
  exit = vi.fn()
  setAppUserModelId = vi.fn()
  setName = vi.fn((_name: string) => undefined)
  setPath = vi.fn((_name: string, _path: string) => undefined)
  getPath = vi.fn((_name: string) => fake.userData)
  getAppPath = vi.fn(() => fake.appPath)
  whenReady(): Promise<void> {
    return fake.ready
  }
}

export const app = new FakeApp()

export const BrowserWindow = FakeBrowserWindow

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
}

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    /** Session events (`will-download`): the listeners a test fires by hand. */
    on: vi.fn((_name: string, _listener: Listener) => session.defaultSession),
  },
}

export const shell = {
  openExternal: vi.fn((_url: string) => Promise.resolve()),
  openPath: vi.fn((_path: string) => Promise.resolve('')),
}

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<DialogAnswer> => {
    const next = fake.openDialogAnswers.shift()
    return next ? { canceled: false, filePaths: next } : { canceled: true, filePaths: [] }
  }),
  showMessageBox: vi.fn(async (...args: unknown[]) => {
    const options = args.at(-1) as { message?: string; detail?: string; buttons: string[] }
    fake.messageBoxes.push(options)
    const label = fake.messageBoxAnswers.shift() ?? ''
    const index = options.buttons.indexOf(label)
    return { response: index >= 0 ? index : options.buttons.length - 1, checkboxChecked: false }
  }),
  showErrorBox: vi.fn((title: string, content: string) => {
    fake.errorBoxes.push([title, content])
  }),
}

export const Menu = {
  buildFromTemplate: vi.fn((template: any[]) => ({ template })),
  setApplicationMenu: vi.fn((menu: { template: any[] }) => {
    fake.menu = menu
  }),
}

export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    fake.exposed[key] = api
  }),
}

/** The system notification: records each one made and whether it was shown. */
export class FakeNotification extends Emitter {
  static all: FakeNotification[] = []
  static isSupported = vi.fn(() => fake.notificationsSupported)
  shown = false

  constructor(readonly options: { title?: string; body?: string }) {
    super()
    FakeNotification.all.push(this)
  }

  show(): void {
    this.shown = true
  }
}

export const Notification = FakeNotification

class FakeIpcRenderer extends Emitter {
  invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }))
  send = vi.fn()
  sendSync = vi.fn()
}

export const ipcRenderer = new FakeIpcRenderer()

export default { app, BrowserWindow, ipcMain, session, shell, dialog, Menu, Notification, contextBridge, ipcRenderer }

/** The OS keychain's stand-in: a reversible scramble (XOR and reversed), never the plain text. */
function scramble(bytes: Buffer): Buffer {
  return Buffer.from([...bytes].reverse().map((b) => b ^ 0x5a))
}

export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => fake.encryptionAvailable),
  encryptString: vi.fn((text: string) => Buffer.concat([Buffer.from('sealed:'), scramble(Buffer.from(text, 'utf8'))])),
  decryptString: vi.fn((cipher: Buffer) => {
    if (!cipher.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return scramble(cipher.subarray(7)).toString('utf8')
  }),
}
