import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { MIGRATIONS } from '../../../main/sync/migrations.ts'
import { openSyncService, type SyncStatus } from '../../../main/sync/sync-service.ts'
import { readSyncState } from '../../../main/sync/sync-state.ts'
import { usePostgres } from '../../support/postgres.ts'
import { laptopsClosedAfterEach } from '../../support/sync-laptops.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''
let teams = 0

beforeAll(async () => {
  url = await cluster().createTeamServer('service')
  await cluster().sql('CREATE ROLE password_required')
  await cluster().sql("CREATE ROLE rep_kim LOGIN PASSWORD 'kim-secret' IN ROLE stormbook_rep, password_required")
})

const open = laptopsClosedAfterEach()

/** A laptop with the app open: its workspace, and the sync service the app runs over it. */
async function laptop(password: () => Promise<string | undefined> = async () => undefined) {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock })
  const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password })
  open.push({ ws, service })
  const dispatch = async (command: string, data: Record<string, unknown>) => {
    const result = await ws.engine.dispatch({ command, data, actor: 'rep-7' })
    expect(result.ok, JSON.stringify(result)).toBe(true)
  }
  const query = (name: string, params: Record<string, unknown> = {}) => {
    const answer = ws.engine.query(name, params)
    if (!answer.ok) throw new Error(JSON.stringify(answer.error))
    return answer.value
  }
  return { dir, ws, service, dispatch, query }
}

const deal = (opportunityId: string, name = `Deal ${opportunityId}`) => ({ opportunityId, customerId: 'acme', name, kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' })

describe('team sync in the app (the sync service of an open workspace)', () => {
  it('is off until configured, then counts pending events and reaches synced', async () => {
    const anna = await laptop()
    expect(anna.service.status()).toMatchObject({ configured: false, state: 'off', url: null, team: null })
    await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    const seen: SyncStatus[] = []
    anna.service.onStatus((s) => seen.push(s))
    const team = `svc-${++teams}`
    expect(await anna.service.configure({ url, team, everySeconds: 0 })).toMatchObject({ configured: true, url, team, state: 'pending', pending: 1 })
    expect(await anna.service.syncNow()).toMatchObject({ pushed: 1, pulled: 0, refused: 0 })
    expect(anna.service.status()).toMatchObject({ state: 'synced', pending: 0, conflicts: 0, lastSyncAt: clock.now(), lastError: null, progress: null })
    expect(seen.map((s) => s.state)).toContain('syncing')
    expect(readSyncState(anna.dir)).toMatchObject({ team, server: { url, everySeconds: 0 } })
  })

  it('refuses bad settings with a code naming the field, and keeps nothing', async () => {
    const anna = await laptop()
    const refusal = (settings: Record<string, unknown>) => anna.service.configure(settings as never).then(() => null, (e) => [e.code, e.details.field])
    expect(await refusal({ url: 'http://db.example/sales', team: 'north', everySeconds: 0 })).toEqual(['SYNC_URL_INVALID', 'url'])
    expect(await refusal({ url: 'postgresql://rep:hunter2@db.example/sales', team: 'north', everySeconds: 0 })).toEqual(['SYNC_URL_HAS_PASSWORD', 'url'])
    expect(await refusal({ url: 'postgresql://rep@db.example/sales?sslmode=sometimes', team: 'north', everySeconds: 0 })).toEqual(['SYNC_URL_INVALID', 'url'])
    expect(await refusal({ url: 'postgresql://rep@db.example/sales?sslmode=verify-full', team: '', everySeconds: 0 })).toEqual(['SYNC_TEAM_INVALID', 'team'])
    expect(await refusal({ url: 'postgresql://rep@db.example/sales', team: 'north', everySeconds: -5 })).toEqual(['SYNC_INTERVAL_INVALID', 'everySeconds'])
    expect(readSyncState(anna.dir)).toBeUndefined()
    expect(anna.service.status().configured).toBe(false)
  })

  it('keeps a workspace to its team once it has synced', async () => {
    const anna = await laptop()
    const team = `svc-${++teams}`
    await anna.service.configure({ url, team, everySeconds: 0 })
    await anna.service.syncNow()
    await expect(anna.service.configure({ url, team: 'another', everySeconds: 0 })).rejects.toMatchObject({ code: 'SYNC_TEAM_MISMATCH', details: { field: 'team' } })
  })

  it('tests a connection: the server’s versions, or why not', async () => {
    const anna = await laptop()
    expect(await anna.service.testConnection({ url })).toEqual({ serverVersion: expect.stringMatching(/^\d+/), schemaVersion: MIGRATIONS.length })
    await expect(anna.service.testConnection({ url: cluster().url('nowhere') })).rejects.toMatchObject({ code: 'SYNC_SERVER_ERROR' })
    await expect(anna.service.testConnection({ url: 'postgresql://rep@/sales?host=/tmp/no-such-socket-dir' })).rejects.toMatchObject({ code: 'SYNC_SERVER_UNREACHABLE' })
    await expect(anna.service.testConnection()).rejects.toMatchObject({ code: 'SYNC_NOT_CONFIGURED' })
  })

  it('logs in with the password from its port, which is written nowhere in the workspace', async () => {
    const kim = await laptop(async () => 'kim-secret')
    const team = `svc-${++teams}`
    await cluster().sql('INSERT INTO stormbook.team_members VALUES ($1, $2)', [team, 'rep_kim'], 'service')
    await kim.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await kim.service.configure({ url: cluster().url('service', 'rep_kim'), team, everySeconds: 0 })
    expect(await kim.service.syncNow()).toMatchObject({ pushed: 1 })
    for (const file of ['sync.json', 'workspace.json']) expect(readFileSync(join(kim.dir, file), 'utf8')).not.toContain('kim-secret')
    const noPassword = await laptop()
    await noPassword.service.configure({ url: cluster().url('service', 'rep_kim'), team, everySeconds: 0 })
    await expect(noPassword.service.syncNow()).rejects.toMatchObject({ code: 'SYNC_AUTH_FAILED' })
    expect(noPassword.service.status()).toMatchObject({ state: 'synced', pending: 0, lastError: { code: 'SYNC_AUTH_FAILED' } })
  })

  it('shows offline when the server cannot be reached, and what is pending', async () => {
    const anna = await laptop()
    await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await anna.service.configure({ url: 'postgresql://rep@/sales?host=/tmp/no-such-socket-dir', team: 'north', everySeconds: 0 })
    await expect(anna.service.syncNow()).rejects.toMatchObject({ code: 'SYNC_SERVER_UNREACHABLE' })
    expect(anna.service.status()).toMatchObject({ state: 'offline', pending: 1 })
  })

  it('reports the progress of a first pull against the team log’s size', async () => {
    const anna = await laptop()
    const team = `svc-${++teams}`
    await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    for (let i = 1; i <= 25; i++) await anna.dispatch('CreateOpportunity', deal(`o-${i}`))
    await anna.service.configure({ url, team, everySeconds: 0 })
    await anna.service.syncNow()
    const dir = tempDir()
    const ws = await openWorkspace(dir, { contexts, clock })
    const ben = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined, pageSize: 10 })
    open.push({ ws, service: ben })
    const progress: unknown[] = []
    ben.onStatus((s) => s.progress && JSON.stringify(s.progress) !== JSON.stringify(progress.at(-1)) && progress.push(s.progress))
    await ben.configure({ url, team, everySeconds: 0 })
    expect(await ben.syncNow()).toMatchObject({ pulled: 26 })
    expect(progress).toEqual([{ pulled: 10, total: 26 }, { pulled: 20, total: 26 }, { pulled: 26, total: 26 }])
    expect(ben.status().progress).toBeNull()
  })

  it('syncs on its own every N seconds, and when a teammate pushes', async () => {
    const anna = await laptop()
    const ben = await laptop()
    const team = `svc-${++teams}`
    await ben.service.configure({ url, team, everySeconds: 3600 })
    await anna.service.configure({ url, team, everySeconds: 0 })
    await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    await anna.service.syncNow()
    await expect.poll(() => ben.query('Customers'), { timeout: 5000 }).toHaveLength(1)
  })
})
