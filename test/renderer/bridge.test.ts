import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { startHost, type Host } from '../../main/host/host.ts'
import { socketApi, socketUrl, type SocketLike } from '../../renderer/bridge.ts'
import { tempDir } from '../support/workspace.ts'

const hosts: Host[] = []
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close()
})

async function api() {
  const host = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: tempDir() })
  hosts.push(host)
  const socket = new WebSocket(socketUrl(host.url)) as unknown as SocketLike
  return { host, socket, api: socketApi(socket) }
}

describe('the browser-mode bridge', () => {
  it('takes the socket URL and token from the page URL', () => {
    expect(socketUrl('http://127.0.0.1:4321/?token=a%2Bb')).toBe('ws://127.0.0.1:4321/api?token=a%2Bb')
    expect(socketUrl('http://127.0.0.1:4321/')).toBe('ws://127.0.0.1:4321/api?token=')
  })

  it('implements the stormbook API over the socket: dispatch, query, workspace, flows and pushed events', async () => {
    const { api: stormbook, socket } = await api()
    const heard: EventEnvelope[] = []
    const off = stormbook.onEvents((events) => heard.push(...events))
    // Sent before the socket opens: queued, then answered.
    const created = await stormbook.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c1', name: 'Initech' }, actor: 'rep-7' })
    expect(created).toMatchObject({ ok: true, value: { position: 1 } })
    expect(await stormbook.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c1', name: 'Initech' } })).toMatchObject({ ok: false, error: { code: 'CUSTOMER_EXISTS' } })
    expect(await stormbook.query('Customers')).toMatchObject({ ok: true, value: [{ customerId: 'c1', name: 'Initech', churnRisk: 'low' }] })
    expect(await stormbook.query('Pipeline', {}, { asOf: 0 })).toMatchObject({ ok: true })
    expect(await stormbook.workspace.info()).toMatchObject({ ok: true, value: { lastPosition: 1 } })
    expect(await stormbook.workspace.events(1, 10)).toMatchObject({ ok: true, value: [{ type: 'CustomerRegistered' }] })
    expect(await stormbook.flows.list()).toMatchObject({ ok: true })
    expect(await stormbook.flows.run('../secret.json')).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    await new Promise((done) => setTimeout(done, 20))
    expect(heard.map((e) => e.type)).toEqual(['CustomerRegistered'])
    off()
    socket.close()
  })

  it('answers DISCONNECTED, never throws, when the host is gone', async () => {
    const { api: stormbook, host } = await api()
    expect(await stormbook.workspace.info()).toMatchObject({ ok: true })
    await host.close()
    hosts.pop()
    await new Promise((done) => setTimeout(done, 50))
    expect(await stormbook.query('Customers')).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } })
  })

  it('answers DISCONNECTED when the token is refused', async () => {
    const { host } = await api()
    const stormbook = socketApi(new WebSocket(`ws://127.0.0.1:${host.port}/api?token=wrong`) as unknown as SocketLike)
    stormbook.onEvents(() => undefined)
    expect(await stormbook.workspace.info()).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } })
  })
})
