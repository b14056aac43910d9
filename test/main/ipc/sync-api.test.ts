import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { inProcessApi } from '../../../main/ipc/in-process.ts'
import { openWorkspaceSync } from '../../../main/ipc/sync-open.ts'
import type { SyncService, SyncStatus } from '../../../main/sync/sync-service.ts'
import { tempDir } from '../../support/workspace.ts'

const idle: SyncStatus = {
  configured: false, url: null, team: null, everySeconds: 0, state: 'off', pending: 0, conflicts: 0, archived: 0, lastSyncAt: null, lastError: null, progress: null,
}

/** A sync service in memory that records what it was asked and tells its listeners each change. */
function fakeSync() {
  const listeners = new Set<(s: SyncStatus) => void>()
  const asked: unknown[][] = []
  let status = idle
  const service: SyncService = {
    status: () => status,
    onStatus: (l) => (listeners.add(l), () => listeners.delete(l)),
    async configure(settings) {
      asked.push(['configure', settings])
      status = { ...status, configured: true, ...settings, state: 'pending' }
      listeners.forEach((l) => l(status))
      return status
    },
    testConnection: async (settings) => (asked.push(['test', settings]), { serverVersion: '15.8', schemaVersion: 2 }),
    syncNow: async () => ({ pushed: 0, duplicates: 0, pulled: 0, conflicts: [], rebased: 0, refused: 0 }),
    conflicts: () => [],
    discard: async (id) => (asked.push(['discard', id]), status),
    retry: async (id, data) => (asked.push(['retry', id, data]), { pushed: 1, duplicates: 0, pulled: 0, conflicts: [], rebased: 0, refused: 0 }),
    close: async () => undefined,
  }
  return { service, asked, listeners }
}

async function open(context: { sync?: SyncService; savePassword?: (p: string) => void } = {}) {
  const workspace = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
  return { workspace, api: inProcessApi({ workspace, flowsDir: 'flows', ...context }) }
}

describe('the sync.* methods', () => {
  it('configures team sync and pushes every status change to the page', async () => {
    const { service, asked } = fakeSync()
    const { workspace, api } = await open({ sync: service })
    const heard: SyncStatus[] = []
    api.sync.onStatus?.((s) => heard.push(s))
    const url = 'postgresql://maria@db.example.com/stormbook?sslmode=require'
    expect(await api.sync.configure({ url, team: 'north', everySeconds: 30 })).toMatchObject({ ok: true, value: { configured: true, team: 'north' } })
    expect(asked).toEqual([['configure', { url, team: 'north', everySeconds: 30 }]])
    expect(heard.map((s) => s.state)).toEqual(['pending'])
    expect(await api.sync.test({ url })).toEqual({ ok: true, value: { serverVersion: '15.8', schemaVersion: 2 } })
    expect(await api.sync.retry('c-1', { amount: '5' })).toMatchObject({ ok: true, value: { pushed: 1 } })
    await workspace.close()
  })

  it('refuses a bad URL, team or interval with a code naming the field, and keeps nothing', async () => {
    const workspace = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
    const sync = openWorkspaceSync(workspace, async () => undefined)!
    const api = inProcessApi({ workspace, flowsDir: 'flows', sync })
    const base = { url: 'postgresql://maria@db.example.com/stormbook?sslmode=require', team: 'north', everySeconds: 0 }
    const refusal = async (params: Record<string, unknown>) => {
      const answer = await api.sync.configure({ ...base, ...params } as never)
      return answer.ok ? answer : answer.error
    }
    expect(await refusal({ url: 'http://db/stormbook' })).toMatchObject({ code: 'SYNC_URL_INVALID', details: { field: 'url' } })
    expect(await refusal({ url: 'postgresql://maria:s3cret@db/stormbook' })).toMatchObject({ code: 'SYNC_URL_HAS_PASSWORD', details: { field: 'url' } })
    expect(await refusal({ url: 'postgresql://maria@db/stormbook?sslmode=sometimes' })).toMatchObject({ code: 'SYNC_URL_INVALID', details: { field: 'url' } })
    expect(await refusal({ team: '' })).toMatchObject({ code: 'SYNC_TEAM_INVALID', details: { field: 'team' } })
    expect(await refusal({ everySeconds: 1.5 })).toMatchObject({ code: 'SYNC_INTERVAL_INVALID', details: { field: 'everySeconds' } })
    expect(await refusal({ everySeconds: 'often' })).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'everySeconds' } })
    expect(existsSync(join(workspace.dir!, 'sync.json'))).toBe(false)
    expect(await api.sync.status()).toMatchObject({ ok: true, value: { configured: false, state: 'off' } })
    await sync.close()
    await workspace.close()
  })

  it('opens a workspace whose sync.json is damaged, and answers the problem on every sync call', async () => {
    const dir = tempDir()
    await (await openWorkspace(dir, { contexts, clock: new SystemClock() })).close()
    writeFileSync(join(dir, 'sync.json'), '{ "format": 1, "team": ')
    const workspace = await openWorkspace(dir, { contexts, clock: new SystemClock() })
    const api = inProcessApi({ workspace, flowsDir: 'flows', sync: openWorkspaceSync(workspace, async () => undefined) })
    expect(await api.sync.status()).toMatchObject({ ok: false, error: { code: 'SYNC_STATE_INVALID', details: { field: 'sync.json' } } })
    expect(await api.sync.now()).toMatchObject({ ok: false, error: { code: 'SYNC_STATE_INVALID' } })
    expect(await api.workspace.info()).toMatchObject({ ok: true })
    await workspace.close()
  })

  it('answers SYNC_UNAVAILABLE when the workspace has no sync service', async () => {
    const { workspace, api } = await open()
    expect(await api.sync.status()).toMatchObject({ ok: false, error: { code: 'SYNC_UNAVAILABLE' } })
    await workspace.close()
  })

  it('keeps the password where the host keeps it, and in browser mode says it comes from PGPASSWORD', async () => {
    const kept: string[] = []
    const desktop = await open({ sync: fakeSync().service, savePassword: (p) => void kept.push(p) })
    expect(await desktop.api.sync.setPassword('s3cret')).toEqual({ ok: true, value: { stored: true } })
    expect(await desktop.api.sync.setPassword('')).toEqual({ ok: true, value: { stored: false } })
    expect(kept).toEqual(['s3cret', ''])
    await desktop.workspace.close()

    const browser = await open({ sync: fakeSync().service })
    const answer = await browser.api.sync.setPassword('s3cret')
    expect(answer).toMatchObject({ ok: false, error: { code: 'SYNC_PASSWORD_FROM_ENV', details: { field: 'password', variable: 'PGPASSWORD' } } })
    await browser.workspace.close()
  })
})
