import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { SyncStatus } from '../../../main/ipc/contract.ts'
import { startHost, type Host } from '../../../main/host/host.ts'
import { socketApi, socketUrl, type SocketLike } from '../../../renderer/bridge.ts'
import { tempDir } from '../../support/workspace.ts'

const hosts: Host[] = []
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close()
})

describe('team sync in browser mode', () => {
  it('runs the workspace sync service, pushes its status to the page, and takes the password from PGPASSWORD only', async () => {
    const dir = join(tempDir(), 'ws')
    const host = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    hosts.push(host)
    const stormbook = socketApi(new WebSocket(socketUrl(host.url)) as unknown as SocketLike)
    const heard: SyncStatus[] = []
    stormbook.sync.onStatus!((status) => heard.push(status))
    expect(await stormbook.sync.status()).toMatchObject({ ok: true, value: { configured: false, state: 'off' } })

    const configured = await stormbook.sync.configure({ url: 'postgresql://maria@db.example.com/stormbook?sslmode=require', team: 'north', everySeconds: 0 })
    expect(configured).toMatchObject({ ok: true, value: { configured: true, team: 'north' } })
    await new Promise((done) => setTimeout(done, 20))
    expect(heard.at(-1)).toMatchObject({ configured: true, team: 'north' })

    expect(await stormbook.sync.setPassword('s3cret')).toMatchObject({ ok: false, error: { code: 'SYNC_PASSWORD_FROM_ENV', details: { field: 'password' } } })
  })

  it('offers no team sync on a workspace opened read-only', async () => {
    const dir = join(tempDir(), 'ws')
    await (await startHost({ workspaceDir: dir, rendererDir: tempDir() })).close()
    const host = await startHost({ workspaceDir: dir, rendererDir: tempDir(), readOnly: true })
    hosts.push(host)
    const stormbook = socketApi(new WebSocket(socketUrl(host.url)) as unknown as SocketLike)
    expect(await stormbook.sync.status()).toMatchObject({ ok: false, error: { code: 'SYNC_UNAVAILABLE' } })
  })
})
