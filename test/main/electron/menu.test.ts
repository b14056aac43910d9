import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate, type MenuActions, type MenuState } from '../../../main/electron/menu.ts'

function recorder(): MenuActions & { calls: unknown[][] } {
  const calls: unknown[][] = []
  const record = (name: string) => (...args: unknown[]) => void calls.push([name, ...args])
  return {
    calls,
    newWorkspace: record('newWorkspace'), openWorkspace: record('openWorkspace'), openRecent: record('openRecent'), clearRecent: record('clearRecent'),
    setReadOnly: record('setReadOnly'), exportWorkspace: record('exportWorkspace'), importFlow: record('importFlow'),
    revealDataFolder: record('revealDataFolder'), toRenderer: record('toRenderer'),
  }
}

const base: MenuState = { platform: 'linux', isPackaged: true, recent: [], focused: null }
const open: MenuState = {
  ...base,
  recent: [{ dir: '/w/acme', name: 'Acme', openedAt: '2027-01-04T09:00:00.000Z' }, { dir: '/w/globex', name: 'Globex', openedAt: '2027-01-03T09:00:00.000Z' }],
  focused: { dir: '/w/acme', name: 'Acme', readOnly: false, status: 'open' },
}

function menu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const found = template.find((m) => m.label?.replace('&', '') === label)
  if (!found) throw new Error(`no ${label} menu in ${template.map((m) => m.label ?? m.role).join(', ')}`)
  return found.submenu as MenuItemConstructorOptions[]
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label === label)
  if (!found) throw new Error(`no item ${label}`)
  return found
}

const click = (i: MenuItemConstructorOptions) => (i.click as unknown as () => void)()
const labels = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label ?? `(${i.role})`)

describe('the application menu', () => {
  it('has File, Edit, View and Help; macOS adds its app and Window menus', () => {
    expect(buildMenuTemplate(base, recorder()).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help'])
    expect(buildMenuTemplate({ ...base, platform: 'darwin' }, recorder()).map((m) => m.label ?? m.role)).toEqual(['appMenu', '&File', '&Edit', '&View', 'windowMenu', '&Help'])
  })

  it('offers the workspace commands in File', () => {
    const file = menu(buildMenuTemplate(open, recorder()), 'File')
    expect(labels(file)).toEqual(['New Workspace…', 'Open Workspace…', 'Open Recent', 'Read-Only', 'Export Workspace…', 'Import Flow…', 'Reveal Data Folder', 'Quit Stormbook'])
  })

  it('lists recent workspaces; choosing one opens it, and the list can be cleared', () => {
    const actions = recorder()
    const recent = item(menu(buildMenuTemplate(open, actions), 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[]
    expect(labels(recent)).toEqual(['Acme — /w/acme', 'Globex — /w/globex', 'Clear Recent'])
    click(recent[1])
    click(item(recent, 'Clear Recent'))
    expect(actions.calls).toEqual([['openRecent', '/w/globex'], ['clearRecent']])
    const none = item(menu(buildMenuTemplate(base, actions), 'File'), 'Open Recent')
    expect(none.enabled).toBe(false)
  })

  it('acts on the focused workspace', () => {
    const actions = recorder()
    const file = menu(buildMenuTemplate(open, actions), 'File')
    for (const label of ['New Workspace…', 'Open Workspace…', 'Read-Only', 'Export Workspace…', 'Import Flow…', 'Reveal Data Folder']) click(item(file, label))
    expect(actions.calls).toEqual([
      ['newWorkspace'], ['openWorkspace'], ['setReadOnly', '/w/acme', true], ['exportWorkspace', '/w/acme'], ['importFlow', '/w/acme'], ['revealDataFolder', '/w/acme'],
    ])
  })

  it('offers read-only reopening of a workspace that failed to open, and nothing that needs it open', () => {
    const failed = menu(buildMenuTemplate({ ...open, focused: { ...open.focused!, status: 'failed' } }, recorder()), 'File')
    expect(item(failed, 'Read-Only')).toMatchObject({ type: 'checkbox', checked: false, enabled: true })
    expect(item(failed, 'Export Workspace…').enabled).toBe(false)
    expect(item(failed, 'Import Flow…').enabled).toBe(false)
    const readOnly = menu(buildMenuTemplate({ ...open, focused: { ...open.focused!, readOnly: true } }, recorder()), 'File')
    expect(item(readOnly, 'Read-Only').checked).toBe(true)
    expect(item(readOnly, 'Export Workspace…').enabled).toBe(true)
    expect(item(readOnly, 'Import Flow…').enabled).toBe(false)
    const nothing = menu(buildMenuTemplate(base, recorder()), 'File')
    expect(item(nothing, 'Read-Only').enabled).toBe(false)
    expect(item(nothing, 'Export Workspace…').enabled).toBe(false)
  })

  it("sends Undo and Redo to the renderer (the app's undo, by compensating commands)", () => {
    const actions = recorder()
    const edit = menu(buildMenuTemplate(open, actions), 'Edit')
    expect(labels(edit)).toEqual(['Undo', 'Redo', '(cut)', '(copy)', '(paste)', '(selectAll)'])
    click(item(edit, 'Undo'))
    click(item(edit, 'Redo'))
    expect(actions.calls).toEqual([['toRenderer', 'undo'], ['toRenderer', 'redo']])
    expect(item(edit, 'Undo').accelerator).toBe('CmdOrCtrl+Z')
    expect(item(edit, 'Redo').accelerator).toBe('CmdOrCtrl+Y')
    expect(item(menu(buildMenuTemplate({ ...open, platform: 'darwin' }, actions), 'Edit'), 'Redo').accelerator).toBe('Shift+Cmd+Z')
  })

  it('shows developer tools only in a development build', () => {
    const roles = (state: MenuState) => menu(buildMenuTemplate(state, recorder()), 'View').map((i) => i.role)
    expect(roles({ ...open, isPackaged: true })).not.toContain('toggleDevTools')
    expect(roles({ ...open, isPackaged: false })).toContain('toggleDevTools')
  })

  it('is a pure function of its state', () => {
    const spy = vi.fn()
    const template = JSON.stringify(buildMenuTemplate(open, { ...recorder(), toRenderer: spy }))
    expect(JSON.stringify(buildMenuTemplate(open, recorder()))).toBe(template)
    expect(spy).not.toHaveBeenCalled()
  })
})
