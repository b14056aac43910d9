import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { SYNC_CHANNEL } from '../../../main/electron/channels.ts'
import { KEYCHAIN_FILE } from '../../../main/electron/keychain.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { usePostgres } from '../../support/postgres.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake } from './fake-electron.ts'
import { lastWindow, makeShell, settle } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

const cluster = usePostgres()
const PASSWORD = 'kim-very-secret-9'
let url = ''

beforeAll(async () => {
  await cluster().createTeamServer('team')
  await cluster().sql('CREATE ROLE password_required')
  await cluster().sql(`CREATE ROLE rep_kim LOGIN PASSWORD '${PASSWORD}' IN ROLE stormbook_rep, password_required`)
  await cluster().sql("INSERT INTO stormbook.team_members VALUES ('north', 'rep_kim')", [], 'team')
  url = cluster().url('team', 'rep_kim')
})

let shell: WorkspaceWindows
beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
  shell = makeShell(fake.userData)
  delete process.env.PGPASSWORD
})
afterEach(async () => {
  await shell.closeAll()
})

/** Every file of a workspace folder, as text. */
function folderText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(dir, e.name), 'utf8')).join('\n')
}

describe('the desktop app keeps the team sync password in the OS keychain', () => {
  it('connects with the password kept from Settings, pushes the status to the window, and never writes it to the workspace', async () => {
    const dir = tempDir()
    shell.open(dir)
    await settle()
    const configured = await shell.call(dir, 'sync.configure', { url, team: 'north', everySeconds: 0 })
    expect(configured).toMatchObject({ ok: true, value: { configured: true, team: 'north', state: 'synced' } })
    expect(lastWindow().webContents.sent.some(([channel, status]) => channel === SYNC_CHANNEL && (status as { team?: string }).team === 'north')).toBe(true)

    // No password kept yet: the server refuses the login.
    await shell.call(dir, 'dispatch', { command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme Corp' } })
    expect(await shell.call(dir, 'sync.now', {})).toMatchObject({ ok: false, error: { code: 'SYNC_AUTH_FAILED' } })
    expect(await shell.call(dir, 'sync.setPassword', { password: PASSWORD })).toEqual({ ok: true, value: { stored: true } })
    const synced = await shell.call(dir, 'sync.now', {})
    expect(synced, JSON.stringify(synced)).toMatchObject({ ok: true, value: { pushed: 1 } })

    const workspaceFiles = folderText(dir)
    expect(workspaceFiles).toContain('"team": "north"') // sync.json is there…
    expect(workspaceFiles).not.toContain(PASSWORD) // …and neither it nor workspace.json holds the password
    expect(readFileSync(join(fake.userData, KEYCHAIN_FILE), 'utf8')).not.toContain(PASSWORD)
  }, 60_000)

  it('finds the kept password again after the app restarts', async () => {
    const dir = tempDir()
    shell.open(dir)
    await settle()
    await shell.call(dir, 'sync.configure', { url, team: 'north', everySeconds: 0 })
    await shell.call(dir, 'sync.setPassword', { password: PASSWORD })
    await shell.closeAll()

    shell = makeShell(fake.userData)
    shell.open(dir)
    await settle()
    expect(await shell.call(dir, 'sync.now', {})).toMatchObject({ ok: true, value: { pushed: 0 } })
  }, 60_000)
})
