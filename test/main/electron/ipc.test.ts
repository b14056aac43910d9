import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { answerCall, registerIpc } from '../../../main/electron/ipc.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake, FakeWebContents, ipcMain } from './fake-electron.ts'
import { callerEvent, dataFiles, lastWindow, makeShell, paths } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

let shell: WorkspaceWindows

beforeEach(() => {
  fake.reset()
  shell = makeShell(tempDir())
})
afterEach(() => shell.closeAll())

const customer = { command: 'RegisterCustomer', actor: 'rep-7', data: { customerId: 'globex', name: 'Globex' } }

/** A real workspace open in a window, and a function that sends `stormbook:call` as that window's page would. */
async function openWindow() {
  const dir = join(tempDir(), 'pipeline')
  shell.open(dir)
  const window = lastWindow()
  const dispose = registerIpc(paths(), (contents) => shell.targetFor(contents))
  const handler = ipcMain.handlers.get('stormbook:call')!
  const call = (method: unknown, params: unknown, event = callerEvent(window.webContents)) => handler(event, method, params) as Promise<any>
  expect(await call('workspace.info', {})).toMatchObject({ ok: true })
  return { dir, window, call, dispose }
}

describe('the stormbook:call handler', () => {
  it('is registered once, and can be removed', async () => {
    const { dispose } = await openWindow()
    expect([...ipcMain.handlers.keys()]).toEqual(['stormbook:call'])
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it("answers the window's own page from its workspace, and pushes the new events to that window", async () => {
    const { dir, window, call } = await openWindow()
    expect(await call('workspace.info', {})).toMatchObject({ ok: true, value: { dir, readOnly: false, lastPosition: 0 } })
    const result = await call('dispatch', customer)
    expect(result).toMatchObject({ ok: true, value: { position: 1, events: [{ type: 'CustomerRegistered', stream: 'Customer-globex' }] } })
    const pushed = window.webContents.sent.filter(([channel]) => channel === 'stormbook:events')
    expect(pushed).toHaveLength(1)
    expect(pushed[0][1]).toMatchObject([{ position: 1, type: 'CustomerRegistered' }])
  })

  it('pushes a batch\'s events to the window in a few messages, all of them before the answer', async () => {
    const { window, call } = await openWindow()
    const commands = Array.from({ length: 50 }, (_, i) => ({ ...customer, data: { customerId: `c-${i}`, name: `Customer ${i}` } }))
    const result = await call('dispatchBatch', { commands })
    expect(result).toMatchObject({ ok: true })
    const pushed = window.webContents.sent.filter(([channel]) => channel === 'stormbook:events').map(([, events]) => events as Array<{ position: number }>)
    expect(pushed.flat().map((e) => e.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(pushed.length).toBeLessThan(50)
  })

  it('refuses a message from an unexpected frame with FORBIDDEN_SENDER, and writes nothing', async () => {
    const { dir, window, call } = await openWindow()
    const before = dataFiles(dir)
    const forged = {
      'a web page': callerEvent(window.webContents, 'https://evil.example/index.html'),
      'another local file': callerEvent(window.webContents, 'file:///tmp/evil/index.html'),
      'a file next to the renderer': callerEvent(window.webContents, `file://${fake.appPath}/out/renderer/evil.html`),
      'a sub-frame of the page': callerEvent(window.webContents, undefined, { url: 'file:///whatever' }),
      'a frame that is gone': { sender: window.webContents, senderFrame: null } as never,
      'a window the app did not make': callerEvent(new FakeWebContents()),
    }
    for (const [name, event] of Object.entries(forged)) {
      const answer = await call('dispatch', customer, event)
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
      expect(answer.error.message, name).toMatch(/refused/)
    }
    expect(dataFiles(dir)).toBe(before)
    expect(window.webContents.sent.filter(([channel]) => channel === 'stormbook:events')).toEqual([])
    expect(await call('workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: 0 } })
  })

  it('answers malformed payloads with a coded error, never a throw, and writes nothing', async () => {
    const { dir, call } = await openWindow()
    const before = dataFiles(dir)
    const cases: Array<[unknown, unknown, string]> = [
      ['nope', {}, 'UNKNOWN_METHOD'],
      ['__proto__', {}, 'UNKNOWN_METHOD'],
      ['constructor', {}, 'UNKNOWN_METHOD'],
      [42, {}, 'INVALID_REQUEST'],
      [{ method: 'dispatch' }, customer, 'INVALID_REQUEST'],
      ['dispatch', null, 'INVALID_REQUEST'],
      ['dispatch', 'RegisterCustomer', 'INVALID_REQUEST'],
      ['dispatch', [customer], 'INVALID_REQUEST'],
      ['dispatch', { ...customer, data: 'globex' }, 'INVALID_REQUEST'],
      ['dispatch', { ...customer, sneaky: true }, 'INVALID_REQUEST'],
      ['dispatch', { ...customer, expectedVersion: -1 }, 'INVALID_REQUEST'],
      ['dispatch', { command: 'NoSuchCommand', data: {} }, 'UNKNOWN_COMMAND'],
      ['dispatch', { command: 'RegisterCustomer', data: { customerId: 7 } }, 'INVALID_COMMAND'],
      ['query', {}, 'INVALID_REQUEST'],
      ['query', { name: 'NoSuchQuery' }, 'UNKNOWN_QUERY'],
      ['workspace.events', { from: 0, to: 10 }, 'INVALID_REQUEST'],
      ['workspace.updateSettings', { settings: 'dark' }, 'INVALID_REQUEST'],
      ['flows.run', { file: '../../etc/passwd' }, 'INVALID_REQUEST'],
      ['flows.run', { file: 'missing.flow.json' }, 'FLOW_NOT_FOUND'],
    ]
    for (const [method, params, code] of cases) {
      const answer = await call(method, params)
      expect(answer, `${String(method)} ${JSON.stringify(params)}`).toMatchObject({ ok: false, error: { code } })
      expect(typeof answer.error.message).toBe('string')
      expect(answer.error.message).not.toMatch(/\n\s+at /)
    }
    expect(dataFiles(dir)).toBe(before)
  })

  it('turns a failure inside the API into INTERNAL instead of a rejected invoke', async () => {
    const target = { call: vi.fn(async () => { throw new Error('boom') }) }
    const window = { id: 99 }
    const event = { sender: window, senderFrame: { url: `file://${fake.appPath}/out/renderer/index.html`, parent: null } } as never
    await expect(answerCall(event, 'workspace.info', {}, paths(), () => target)).resolves.toEqual({
      ok: false, error: { code: 'INTERNAL', message: expect.any(String), details: {} },
    })
    expect(target.call).toHaveBeenCalledWith('workspace.info', {})
  })
})
