import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { exportWorkspace, flowFileName, folderKind, importFlowFile } from '../../../main/electron/workspace-files.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake, shell as electronShell } from './fake-electron.ts'
import { lastWindow, makeShell } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

const flow = JSON.stringify({
  flow: 'One customer',
  start: '2027-01-04T09:00:00Z',
  steps: [{ actor: 'rep-7', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, expect: { events: [{ type: 'CustomerRegistered' }] } }],
})

function workspaceFolder(lines = '{"position":1}\n{"position":2}\n'): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'workspace.json'), '{"format":1}')
  writeFileSync(join(dir, 'events.jsonl'), lines)
  return dir
}

describe('export', () => {
  it('copies workspace.json and events.jsonl into the chosen folder', () => {
    const dir = workspaceFolder()
    const target = join(tempDir(), 'backup')
    expect(exportWorkspace(dir, target)).toEqual([join(target, 'workspace.json'), join(target, 'events.jsonl')])
    expect(readFileSync(join(target, 'events.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'events.jsonl'), 'utf8'))
    expect(readdirSync(target).sort()).toEqual(['events.jsonl', 'workspace.json'])
  })

  it('leaves out a line still being appended', () => {
    const dir = workspaceFolder('{"position":1}\n{"position":2}\n{"posit')
    const target = tempDir()
    exportWorkspace(dir, target)
    expect(readFileSync(join(target, 'events.jsonl'), 'utf8')).toBe('{"position":1}\n{"position":2}\n')
  })

  it('never overwrites, and never exports into the workspace itself', () => {
    const dir = workspaceFolder()
    const target = tempDir()
    writeFileSync(join(target, 'events.jsonl'), 'older export\n')
    expect(() => exportWorkspace(dir, target)).toThrow(expect.objectContaining({ code: 'EXPORT_EXISTS' }))
    expect(readFileSync(join(target, 'events.jsonl'), 'utf8')).toBe('older export\n')
    expect(existsSync(join(target, 'workspace.json'))).toBe(false)
    expect(() => exportWorkspace(dir, dir)).toThrow(expect.objectContaining({ code: 'EXPORT_INVALID' }))
    expect(() => exportWorkspace(dir, join(dir, 'inside'))).toThrow(expect.objectContaining({ code: 'EXPORT_INVALID' }))
  })
})

describe('import flow', () => {
  it('refuses a malformed flow with its JSON path, copying nothing', () => {
    const dir = workspaceFolder()
    const source = join(tempDir(), 'bad.flow.json')
    writeFileSync(source, JSON.stringify({ flow: 'x', steps: [{ command: 'A', data: {}, colour: 'red' }] }))
    expect(() => importFlowFile(source, dir)).toThrow(expect.objectContaining({ code: 'FLOW_INVALID', message: expect.stringContaining('steps[0].colour') }))
    expect(existsSync(join(dir, 'flows'))).toBe(false)
  })

  it("adds the flow to the workspace's own flows; the samples stay where the library lists them", () => {
    const dir = workspaceFolder()
    const source = join(tempDir(), 'My first flow!.json')
    writeFileSync(source, flow)
    const imported = importFlowFile(source, dir)
    expect(imported).toMatchObject({ file: 'My-first-flow-.flow.json', flowsDir: join(dir, 'flows'), flow: { flow: 'One customer' } })
    expect(readdirSync(join(dir, 'flows'))).toEqual(['My-first-flow-.flow.json'])
    // the same file again reuses its name; a different flow under that name gets a suffix
    expect(importFlowFile(source, dir).file).toBe('My-first-flow-.flow.json')
    writeFileSync(source, flow.replace('One customer', 'Another'))
    expect(importFlowFile(source, dir).file).toBe('My-first-flow--2.flow.json')
  })

  it('names files the way flows.run accepts them', () => {
    for (const [from, to] of [['/x/a.flow.json', 'a.flow.json'], ['/x/deal (v2).json', 'deal-v2-.flow.json'], ['/x/..json', 'imported.flow.json'], ['/x/été.txt', 't-.txt.flow.json']]) {
      expect(flowFileName(from), from).toBe(to)
      expect(flowFileName(from)).toMatch(/^[\w.-]+\.flow\.json$/)
    }
  })

  it('tells folders apart', () => {
    const dir = tempDir()
    expect(folderKind(dir)).toBe('empty')
    expect(folderKind(join(dir, 'nope'))).toBe('missing')
    writeFileSync(join(dir, 'a.txt'), '')
    expect(folderKind(dir)).toBe('other')
    expect(folderKind(join(dir, 'a.txt'))).toBe('file')
    expect(folderKind(workspaceFolder())).toBe('workspace')
  })
})

describe('the File menu commands on a real workspace', () => {
  let shell: WorkspaceWindows
  beforeEach(() => {
    fake.reset()
    shell = makeShell(tempDir())
  })
  afterEach(() => shell.closeAll())

  async function opened() {
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    const window = lastWindow()
    const target = shell.targetFor(window.webContents as never)!
    await target.call('workspace.info', {})
    return { dir, window, target }
  }

  it('Import Flow… and run: the flow runs into the workspace, the renderer is told, the Flows list has it', async () => {
    const { dir, window, target } = await opened()
    const source = join(tempDir(), 'one.flow.json')
    writeFileSync(source, flow)
    fake.openDialogAnswers = [[source]]
    fake.messageBoxAnswers = ['Add and Run Now', 'OK']
    shell.actions.importFlow(dir)
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(2))
    expect(fake.messageBoxes[1].message).toMatch(/every expectation met/)
    expect(window.webContents.sent).toContainEqual(['stormbook:menu', 'flows-changed'])
    expect(await target.call('workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: 1 } })
    const list = await target.call('flows.list', {})
    expect(list.ok && (list.value as Array<{ file: string }>).map((f) => f.file)).toContain('one.flow.json')
  })

  it('Import Flow… of a malformed file says why and changes nothing', async () => {
    const { dir, target } = await opened()
    const source = join(tempDir(), 'bad.flow.json')
    writeFileSync(source, '{"flow": "x", "steps": []}')
    fake.openDialogAnswers = [[source]]
    shell.actions.importFlow(dir)
    await vi.waitFor(() => expect(fake.errorBoxes).toHaveLength(1))
    expect(fake.errorBoxes[0][1]).toMatch(/steps/)
    expect(existsSync(join(dir, 'flows'))).toBe(false)
    expect(await target.call('workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: 0 } })
  })

  it('Export Workspace… writes the two files to the chosen folder', async () => {
    const { dir, target } = await opened()
    await target.call('dispatch', { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    const to = join(tempDir(), 'export')
    mkdirSync(to)
    fake.openDialogAnswers = [[to]]
    fake.messageBoxAnswers = ['OK']
    shell.actions.exportWorkspace(dir)
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1))
    expect(readFileSync(join(to, 'events.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'events.jsonl'), 'utf8'))
    expect(readFileSync(join(to, 'events.jsonl'), 'utf8')).toContain('CustomerRegistered')
  })

  it('New Workspace… opens an empty folder and refuses one holding other files', async () => {
    const full = tempDir()
    writeFileSync(join(full, 'notes.txt'), 'x')
    const empty = tempDir()
    fake.openDialogAnswers = [[full], [empty]]
    shell.actions.newWorkspace()
    await vi.waitFor(() => expect(fake.errorBoxes).toHaveLength(1))
    shell.actions.newWorkspace()
    await vi.waitFor(() => expect(shell.openDirs()).toEqual([empty]))
  })

  it('Reveal Data Folder opens the workspace folder, or the app data folder', async () => {
    const { dir } = await opened()
    shell.actions.revealDataFolder(dir)
    shell.actions.revealDataFolder(null)
    expect(electronShell.openPath.mock.calls.map(([p]) => p)).toEqual([dir, shell.recentFile.replace(/[\\/]recent\.json$/, '')])
  })

  it('Undo and Redo reach the focused window as stormbook:menu messages', async () => {
    const { window } = await opened()
    shell.actions.toRenderer('undo')
    shell.actions.toRenderer('redo')
    expect(window.webContents.sent.filter(([c]) => c === 'stormbook:menu')).toEqual([['stormbook:menu', 'undo'], ['stormbook:menu', 'redo']])
  })
})
