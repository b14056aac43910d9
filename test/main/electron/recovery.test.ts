import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import * as workspaces from '../../../main/app/workspace.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { acquireLock } from '../../../main/store/lock.ts'
import { tempDir } from '../../support/workspace.ts'
import { dialog, fake, type FakeBrowserWindow } from './fake-electron.ts'
import { lastWindow, makeShell } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))
vi.mock('../../../main/app/workspace.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/app/workspace.ts')>()
  return { ...real, openWorkspace: vi.fn(real.openWorkspace) }
})

let shell: WorkspaceWindows
beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
  shell = makeShell(fake.userData)
})
afterEach(() => shell.closeAll())

function call(window: FakeBrowserWindow, method: string, params: unknown = {}): Promise<any> {
  return shell.targetFor(window.webContents as never)!.call(method, params)
}

/** A workspace whose workspace.json holds one bad setting (costBasis) next to a good one (wire). */
async function badSettingWorkspace(): Promise<string> {
  const dir = join(tempDir(), 'bad-setting')
  const workspace = await workspaces.openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  await workspace.close()
  const file = join(dir, 'workspace.json')
  const document = JSON.parse(readFileSync(file, 'utf8'))
  writeFileSync(file, JSON.stringify({ ...document, settings: { costBasis: 'lifo', wire: 'manual' } }, null, 2))
  return dir
}

const settingsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')).settings

describe('a workspace with an invalid setting', () => {
  it('offers Open Read-Only and Reset This Setting, naming the field', async () => {
    const dir = await badSettingWorkspace()
    fake.messageBoxAnswers = ['Not Now']
    shell.open(dir)
    const window = lastWindow()
    expect(await call(window, 'workspace.info')).toMatchObject({
      ok: false, error: { code: 'SETTINGS_INVALID', details: { field: 'settings.costBasis', actions: ['openReadOnly', 'resetSetting', 'chooseAnother'] } },
    })
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1))
    expect(fake.messageBoxes[0].buttons).toEqual(['Open Read-Only', 'Reset This Setting', 'Choose Another…', 'Not Now'])
    expect(fake.messageBoxes[0].detail).toContain('"costBasis"')
    expect(settingsOf(dir)).toEqual({ costBasis: 'lifo', wire: 'manual' })
  })

  it('Reset This Setting removes that one key from workspace.json, then reopens it writable', async () => {
    const dir = await badSettingWorkspace()
    fake.messageBoxAnswers = ['Reset This Setting']
    shell.open(dir)
    const window = lastWindow()
    await vi.waitFor(() => expect(window.loaded).toHaveLength(2))
    expect(settingsOf(dir)).toEqual({ wire: 'manual' })
    expect(await call(window, 'workspace.info')).toMatchObject({ ok: true, value: { readOnly: false, settings: { costBasis: 'average', wire: 'manual' } } })
    expect(fake.errorBoxes).toEqual([])
  })

  it('a reset that cannot take the lock (another process opened it meanwhile) says why, writes nothing and does not reopen', async () => {
    const dir = await badSettingWorkspace()
    const before = readFileSync(join(dir, 'workspace.json'), 'utf8')
    let release = () => undefined as void
    // While the dialog is up, another process takes the workspace's lock.
    vi.mocked(dialog.showMessageBox).mockImplementationOnce(async (...args: unknown[]) => {
      release = acquireLock(dir, () => '2027-01-04T09:00:00Z')
      return { response: (args.at(-1) as { buttons: string[] }).buttons.indexOf('Reset This Setting'), checkboxChecked: false }
    })
    try {
      shell.open(dir)
      const window = lastWindow()
      await vi.waitFor(() => expect(fake.errorBoxes).toHaveLength(1))
      expect(fake.errorBoxes[0][0]).toBe('Reset This Setting')
      expect(fake.errorBoxes[0][1]).toMatch(/another Stormbook|locked/i)
      expect(readFileSync(join(dir, 'workspace.json'), 'utf8')).toBe(before)
      expect(window.loaded).toHaveLength(1)
    } finally {
      release()
    }
  })

  it('Open Read-Only reopens it read-only in the same window', async () => {
    const dir = await badSettingWorkspace()
    fake.messageBoxAnswers = ['Open Read-Only', 'Not Now']
    shell.open(dir)
    const window = lastWindow()
    await vi.waitFor(() => expect(window.loaded).toHaveLength(2))
    await call(window, 'workspace.info')
    const opened = vi.mocked(workspaces.openWorkspace).mock.calls.filter(([d]) => d === dir).map(([, o]) => o.readOnly)
    expect(opened.slice(-2)).toEqual([false, true])
    expect(settingsOf(dir)).toEqual({ costBasis: 'lifo', wire: 'manual' })
  })
})

describe('a workspace locked by another process', () => {
  it('offers an explicit Take Over, which reopens it passing takeOver: true (once)', async () => {
    const dir = join(tempDir(), 'busy')
    const holder = await workspaces.openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    try {
      fake.messageBoxAnswers = ['Take Over', 'Not Now']
      shell.open(dir)
      const window = lastWindow()
      await vi.waitFor(() => expect(window.loaded).toHaveLength(2))
      await call(window, 'workspace.info')
      expect(fake.messageBoxes[0].buttons).toEqual(['Open Read-Only', 'Take Over', 'Choose Another…', 'Not Now'])
      expect(fake.messageBoxes[0].detail).toMatch(/no longer running/)
      const options = vi.mocked(workspaces.openWorkspace).mock.calls.filter(([d]) => d === dir).map(([, o]) => (o as { takeOver?: boolean }).takeOver)
      expect(options.slice(-2)).toEqual([undefined, true])
    } finally {
      await holder.close()
    }
  })
})
