import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { askedBySecondInstance, startApp, workspaceFromArgv } from '../../../main/electron/main.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { tempDir } from '../../support/workspace.ts'
import { app, dialog, fake, FakeBrowserWindow, FakeEvent, ipcMain, session } from './fake-electron.ts'
import { dataFiles, lastWindow, makeShell, settle } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

let shells: WorkspaceWindows[] = []

beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
  shells = []
})
afterEach(async () => {
  for (const shell of shells) await shell.closeAll()
})

function started(argv: string[] = ['/usr/bin/stormbook'], cwd = '/'): WorkspaceWindows {
  const shell = startApp(argv, cwd)
  if (!shell) throw new Error('the app did not start')
  shells.push(shell)
  return shell
}

function shellIn(userData = fake.userData): WorkspaceWindows {
  const shell = makeShell(userData)
  shells.push(shell)
  return shell
}

/** Sends a call as the window's own page would (and waits for its workspace to finish opening). */
function call(shell: WorkspaceWindows, window: FakeBrowserWindow, method: string, params: unknown = {}): Promise<any> {
  const target = shell.targetFor(window.webContents as never)
  if (!target) return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
  return target.call(method, params)
}

/** A workspace with two customers whose first line was then damaged (its crc no longer matches). */
async function corruptWorkspace(): Promise<string> {
  const dir = join(tempDir(), 'damaged')
  const workspace = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  for (const id of ['globex', 'initech']) await workspace.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: id, name: id } })
  await workspace.close()
  const log = join(dir, 'events.jsonl')
  writeFileSync(log, readFileSync(log, 'utf8').replace('"name":"globex"', '"name":"globez"'))
  return dir
}

describe('the single-instance lock', () => {
  it('a second launch hands its folder to the running app and quits, opening nothing', () => {
    fake.hasLock = false
    expect(startApp(['/usr/bin/stormbook', 'work/acme'], '/home/rep')).toBeNull()
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ workspace: '/home/rep/work/acme' })
    expect(app.quit).toHaveBeenCalled()
    expect(FakeBrowserWindow.all).toEqual([])
    expect(app.listenerCount('second-instance')).toBe(0)
  })

  it('the first launch opens the default workspace in the user-data folder, with the IPC handler, CSP and menu in place', async () => {
    const shell = started()
    await settle()
    const dir = join(fake.userData, 'workspaces', 'default')
    expect(shell.openDirs()).toEqual([dir])
    await call(shell, lastWindow(), 'workspace.info')
    expect(existsSync(join(dir, 'workspace.json'))).toBe(true)
    const window = lastWindow()
    expect(window.loaded).toEqual([join(fake.appPath, 'out', 'renderer', 'index.html')])
    expect(await call(shell, window, 'workspace.info')).toMatchObject({ ok: true, value: { dir, name: 'default' } })
    expect(ipcMain.handlers.has('stormbook:call')).toBe(true)
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1)
    expect(fake.menu?.template.map((m) => m.label)).toContain('&File')
  })

  it('a second launch with a folder opens it in its own window; the same folder again focuses that window', async () => {
    const shell = started()
    await settle()
    const acme = tempDir()
    app.emit('second-instance', {}, ['/usr/bin/stormbook', acme], '/', { workspace: acme })
    await settle()
    expect(shell.openDirs()).toEqual([join(fake.userData, 'workspaces', 'default'), acme])
    const window = lastWindow()
    expect(await call(shell, window, 'workspace.info')).toMatchObject({ ok: true, value: { dir: acme } })
    const focused = window.focusCount
    window.minimized = true
    // Chromium may add flags and reorder argv; without additionalData the folder is still found.
    app.emit('second-instance', {}, ['/usr/bin/stormbook', '--original-process-start-time=1', acme], '/', undefined)
    await settle()
    expect(FakeBrowserWindow.all).toHaveLength(2)
    expect(window.focusCount).toBe(focused + 1)
    expect(window.minimized).toBe(false)
  })

  it('a failed task nobody waited for is logged and does not end the app', async () => {
    started()
    await settle()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      process.emit('unhandledRejection', new Error('a lost write'), Promise.resolve())
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('a lost write'))
    } finally {
      logged.mockRestore()
    }
  })

  it('a second launch with no folder focuses the running app', async () => {
    started()
    await settle()
    const window = lastWindow()
    app.emit('second-instance', {}, ['/usr/bin/stormbook'], '/', { workspace: null })
    expect(window.focusCount).toBe(1)
    expect(FakeBrowserWindow.all).toHaveLength(1)
  })

  it('reads the folder from the command line: the last word that is not a flag, past the app path in development', () => {
    expect(workspaceFromArgv(['/usr/bin/stormbook'], '/home/rep', false)).toBeNull()
    expect(workspaceFromArgv(['/usr/bin/stormbook', '--no-sandbox', 'acme'], '/home/rep', false)).toBe('/home/rep/acme')
    expect(workspaceFromArgv(['/x/electron', '.'], '/repo', true)).toBeNull()
    expect(workspaceFromArgv(['/x/electron', '.', '/w/acme', '--inspect'], '/repo', true)).toBe('/w/acme')
    expect(askedBySecondInstance(['/x/stormbook', 'ignored'], '/home/rep', { workspace: 'acme' }, false)).toBe('/home/rep/acme')
    expect(askedBySecondInstance(['/x/stormbook', 'acme'], '/home/rep', { workspace: 42 }, false)).toBe('/home/rep/acme')
  })

  it('quitting waits until every workspace is closed on disk (lock released)', async () => {
    const shell = started()
    await settle()
    const dir = shell.openDirs()[0]
    await call(shell, lastWindow(), 'workspace.info')
    expect(existsSync(join(dir, '.lock'))).toBe(true)
    const event = new FakeEvent()
    app.emit('before-quit', event)
    expect(event.defaultPrevented).toBe(true)
    expect(app.quit).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    expect(existsSync(join(dir, '.lock'))).toBe(false)
    const again = new FakeEvent()
    app.emit('before-quit', again)
    expect(again.defaultPrevented).toBe(false)
  })
})

describe('one window per workspace', () => {
  it('opening a folder that is open focuses its window instead of opening another', async () => {
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    shell.open(join(dir, '.'))
    await settle()
    expect(FakeBrowserWindow.all).toHaveLength(1)
    expect(lastWindow().focusCount).toBe(1)
  })

  it('reopens queue behind each other, so two never race for the lock', async () => {
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    const window = lastWindow()
    await Promise.all([shell.reopen(dir, true), shell.reopen(dir, false), shell.reopen(dir, false)])
    expect(await call(shell, window, 'workspace.info')).toMatchObject({ ok: true, value: { readOnly: false } })
    expect(await call(shell, window, 'dispatch', { command: 'RegisterCustomer', data: { customerId: 'c', name: 'C' } })).toMatchObject({ ok: true })
    expect(window.loaded).toHaveLength(4)
    expect(fake.messageBoxes).toEqual([]) // no reopen failed on the lock another one held
    await shell.closeAll()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('closing a window closes its workspace and forgets the window', async () => {
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    const window = lastWindow()
    await call(shell, window, 'workspace.info')
    window.close()
    await vi.waitFor(() => expect(existsSync(join(dir, '.lock'))).toBe(false))
    expect(shell.targetFor(window.webContents as never)).toBeUndefined()
    expect(shell.openDirs()).toEqual([])
  })
})

describe('recent workspaces', () => {
  it('a malformed recent.json is ignored, then replaced by a valid one', async () => {
    for (const text of ['{not json', '{"version":1,"workspaces":[{"dir":42}]}', '[]']) {
      writeFileSync(join(fake.userData, 'recent.json'), text)
      expect(shellIn().menuState().recent).toEqual([])
    }
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    await call(shell, lastWindow(), 'workspace.info')
    const saved = JSON.parse(readFileSync(join(fake.userData, 'recent.json'), 'utf8'))
    expect(saved).toEqual({ version: 1, workspaces: [{ dir, name: 'acme', openedAt: '2027-01-04T09:00:00.000Z' }] })
    expect(shellIn().menuState().recent.map((w) => w.dir)).toEqual([dir])
  })

  it('a recent folder that is gone is reported and leaves the list', async () => {
    const gone = join(tempDir(), 'gone')
    writeFileSync(join(fake.userData, 'recent.json'), JSON.stringify({ version: 1, workspaces: [{ dir: gone, name: 'gone', openedAt: 'x' }] }))
    const shell = shellIn()
    shell.actions.openRecent(gone)
    await settle()
    expect(fake.errorBoxes[0][1]).toContain(gone)
    expect(shell.menuState().recent).toEqual([])
    expect(FakeBrowserWindow.all).toEqual([])
  })

  it('a folder of other files becomes a workspace only when the user says so', async () => {
    const shell = shellIn()
    const dir = tempDir()
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    fake.messageBoxAnswers = ['Cancel']
    await shell.openRequested(dir)
    expect(FakeBrowserWindow.all).toEqual([])
    expect(existsSync(join(dir, 'workspace.json'))).toBe(false)
    fake.messageBoxAnswers = ['Make Workspace']
    await shell.openRequested(dir)
    await call(shell, lastWindow(), 'workspace.info')
    expect(existsSync(join(dir, 'workspace.json'))).toBe(true)
  })
})

describe('a workspace that cannot be opened', () => {
  it('a damaged log: the window still loads the renderer, every call answers LOG_CORRUPT, and read-only is offered', async () => {
    const dir = await corruptWorkspace()
    const before = dataFiles(dir)
    const shell = shellIn()
    fake.messageBoxAnswers = ['Not Now']
    shell.open(dir)
    const window = lastWindow()
    expect(window.loaded).toHaveLength(1)
    const info = await call(shell, window, 'workspace.info')
    expect(info).toMatchObject({ ok: false, error: { code: 'LOG_CORRUPT', details: { path: dir, line: 1, actions: ['openReadOnly', 'chooseAnother'] } } })
    expect(info.error.message).toMatch(/read-only/)
    expect(await call(shell, window, 'dispatch', { command: 'RegisterCustomer', data: { customerId: 'x', name: 'x' } })).toMatchObject({ ok: false, error: { code: 'LOG_CORRUPT' } })
    await settle()
    expect(fake.messageBoxes[0].buttons).toEqual(['Open Read-Only', 'Choose Another…', 'Not Now'])
    expect(shell.menuState().focused).toMatchObject({ status: 'failed', readOnly: false })
    expect(dataFiles(dir)).toBe(before)
  })

  it('choosing Open Read-Only reopens it in the same window, up to the damaged line, writing nothing', async () => {
    const dir = await corruptWorkspace()
    const before = dataFiles(dir)
    const shell = shellIn()
    fake.messageBoxAnswers = ['Open Read-Only']
    shell.open(dir)
    const window = lastWindow()
    await vi.waitFor(() => expect(window.loaded).toHaveLength(2))
    const info = await call(shell, window, 'workspace.info')
    expect(info).toMatchObject({ ok: true, value: { readOnly: true, lastPosition: 0, report: { corrupt: { line: 1 } } } })
    expect(window.loaded).toHaveLength(2)
    expect(window.title).toContain('(read-only)')
    expect(await call(shell, window, 'dispatch', { command: 'RegisterCustomer', data: { customerId: 'x', name: 'x' } })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    expect(dataFiles(dir)).toBe(before)
    expect(FakeBrowserWindow.all).toHaveLength(1)
  })

  it('locked by another writer: WORKSPACE_LOCKED, and the menu can reopen it read-only', async () => {
    const dir = join(tempDir(), 'busy')
    const holder = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    try {
      const shell = shellIn()
      shell.open(dir)
      const window = lastWindow()
      expect(await call(shell, window, 'workspace.info')).toMatchObject({ ok: false, error: { code: 'WORKSPACE_LOCKED', details: { actions: ['openReadOnly', 'takeOver', 'chooseAnother'] } } })
      const readOnly = fake.menu!.template[0].submenu.find((i: { label?: string }) => i.label === 'Read-Only')
      expect(readOnly).toMatchObject({ enabled: true, checked: false })
      readOnly.click()
      await vi.waitFor(() => expect(window.loaded).toHaveLength(2))
      expect(await call(shell, window, 'workspace.info')).toMatchObject({ ok: true, value: { dir, readOnly: true } })
    } finally {
      await holder.close()
    }
  })

  it('an invalid workspace.json: only "choose another" is offered, and choosing one replaces the window', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'workspace.json'), '{"format": 1')
    const other = join(tempDir(), 'other')
    mkdirSync(other)
    fake.messageBoxAnswers = ['Choose Another…']
    fake.openDialogAnswers = [[other]]
    const shell = shellIn()
    shell.open(dir)
    const broken = lastWindow()
    expect(await call(shell, broken, 'workspace.info')).toMatchObject({ ok: false, error: { code: 'WORKSPACE_INVALID', details: { actions: ['chooseAnother'] } } })
    await vi.waitFor(() => expect(shell.openDirs()).toEqual([other]))
    expect(fake.messageBoxes[0].buttons).toEqual(['Choose Another…', 'Not Now'])
    expect(broken.destroyed).toBe(true)
    expect(shell.openDirs()).toEqual([other])
    expect(await call(shell, lastWindow(), 'workspace.info')).toMatchObject({ ok: true, value: { dir: other } })
  })

  it('a renderer that fails to load is reported instead of leaving an invisible window', async () => {
    fake.loadFileResult = () => Promise.reject(new Error('ERR_FILE_NOT_FOUND'))
    const shell = shellIn()
    shell.open(join(tempDir(), 'acme'))
    await settle()
    expect(lastWindow().shown).toBe(true)
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Stormbook', expect.stringContaining('npm run build'))
  })
})

describe('ipc sender check with the shell', () => {
  it('only windows the shell made have a call target', async () => {
    const shell = shellIn()
    shell.open(join(tempDir(), 'acme'))
    const window = lastWindow()
    expect(shell.targetFor(window.webContents as never)).toBeDefined()
    expect(shell.targetFor({ id: 12345 } as never)).toBeUndefined()
  })
})
