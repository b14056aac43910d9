import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ServerMessage } from '../../../main/ipc/contract.ts'
import { startHost, type Host } from '../../../main/host/host.ts'
import { tempDir } from '../../support/workspace.ts'

const hosts: Host[] = []
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close()
})

async function host(): Promise<Host> {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Stormbook test page</title>')
  const h = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: renderer })
  hosts.push(h)
  return h
}

/** A real ws client that records every message it is sent. */
function connect(h: Host, options: { token?: string | null; origin?: string } = {}) {
  const token = options.token === undefined ? h.token : options.token
  const url = `ws://127.0.0.1:${h.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`
  const ws = new WebSocket(url, { headers: options.origin ? { Origin: options.origin } : {} })
  const messages: ServerMessage[] = []
  /** Every message, in the order it came (`next` takes from `messages`, never from this). */
  const heard: ServerMessage[] = []
  const waiters: Array<() => void> = []
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()))
    heard.push(messages[messages.length - 1])
    for (const w of waiters.splice(0)) w()
  })
  const opened = new Promise<void>((done, fail) => {
    ws.once('open', () => done())
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', fail)
  })
  async function next(predicate: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    for (;;) {
      const found = messages.find(predicate)
      if (found) {
        messages.splice(messages.indexOf(found), 1)
        return found
      }
      await new Promise<void>((done) => waiters.push(done))
    }
  }
  let nextId = 1
  async function call(method: string, params: unknown) {
    const id = nextId++
    ws.send(JSON.stringify({ id, method, params }))
    const message = await next((m) => m.type === 'response' && m.id === id)
    return (message as Extract<ServerMessage, { type: 'response' }>).result
  }
  return { ws, opened, next, call, messages, heard }
}

const register = { command: 'RegisterCustomer', data: { customerId: 'globex', name: 'Globex' }, actor: 'rep-7' }

describe('browser mode host', () => {
  it('prints a URL on 127.0.0.1 with its per-run token and serves the renderer', async () => {
    const h = await host()
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    const other = await host()
    expect(other.token).not.toBe(h.token)
    const page = await fetch(h.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('Stormbook test page')
    expect((await fetch(`${h.origin}/..%2f..%2fetc/passwd`)).status).not.toBe(500)
  })

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign Origin', async () => {
    const h = await host()
    await expect(connect(h, { token: null }).opened).rejects.toThrow('HTTP 401')
    await expect(connect(h, { token: 'guess' }).opened).rejects.toThrow('HTTP 401')
    await expect(connect(h, { token: h.token + 'x' }).opened).rejects.toThrow('HTTP 401')
    await expect(connect(h, { origin: 'http://evil.example' }).opened).rejects.toThrow('HTTP 403')
    await expect(connect(h, { origin: `http://127.0.0.1:${h.port + 1}` }).opened).rejects.toThrow('HTTP 403')
    const ok = connect(h, { origin: h.origin })
    await ok.opened
    ok.ws.close()
  })

  it('answers a malformed message with INVALID_MESSAGE, changes nothing and keeps the connection', async () => {
    const h = await host()
    const c = connect(h)
    await c.opened
    for (const bad of ['not json', '[]', JSON.stringify({ id: 1, method: 'format', params: {} }), JSON.stringify({ id: -1, method: 'dispatch', params: register }), JSON.stringify({ id: 1, method: 'dispatch', params: register, extra: 1 })]) {
      c.ws.send(bad)
      const message = await c.next((m) => m.type === 'error')
      expect(message).toMatchObject({ type: 'error', error: { code: 'INVALID_MESSAGE' } })
      expect(JSON.stringify(message)).not.toMatch(/at .*\.ts:\d+/)
    }
    expect(await c.call('dispatch', { command: 'RegisterCustomer', data: {}, bogus: true })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', details: { field: 'bogus' } } })
    expect(h.workspace.engine.store.lastPosition).toBe(0)
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
    expect(await c.call('workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: 0, readOnly: false } })
    c.ws.close()
  })

  it('dispatches a command and answers a query over the socket', async () => {
    const h = await host()
    const c = connect(h)
    await c.opened
    const result = await c.call('dispatch', register)
    expect(result).toMatchObject({ ok: true, value: { position: 1, events: [{ type: 'CustomerRegistered' }] } })
    expect(await c.call('dispatch', register)).toMatchObject({ ok: false, error: { code: 'CUSTOMER_EXISTS' } })
    expect(await c.call('query', { name: 'Customers' })).toMatchObject({ ok: true, value: [{ customerId: 'globex', churnRisk: 'low' }] })
    c.ws.close()
  })

  it('pushes the engine events to every connected page', async () => {
    const h = await host()
    const watcher = connect(h)
    const actor = connect(h)
    await Promise.all([watcher.opened, actor.opened])
    await actor.call('dispatch', register)
    const pushed = await watcher.next((m) => m.type === 'events')
    expect(pushed).toMatchObject({ type: 'events', events: [{ type: 'CustomerRegistered', position: 1, data: { customerId: 'globex' } }] })
    watcher.ws.close()
    actor.ws.close()
  })

  it('pushes a command’s events before its answer, gathering many commits into few messages', async () => {
    const h = await host()
    const c = connect(h)
    await c.opened
    const customer = (i: number) => ({ command: 'RegisterCustomer', data: { customerId: `c${i}`, name: `Customer ${i}` }, actor: 'rep-7' })
    // 20 single dispatches in flight at once, then one batch of 50: as the import used to send, and as it sends now.
    const singles = Array.from({ length: 20 }, (_, i) => c.call('dispatch', customer(i)))
    const batch = c.call('dispatchBatch', { commands: Array.from({ length: 50 }, (_, i) => customer(100 + i)) })
    await Promise.all([...singles, batch])
    const seen = new Set<number>()
    let answers = 0
    for (const message of c.heard) {
      if (message.type === 'events') for (const e of message.events) seen.add(e.position)
      if (message.type !== 'response') continue
      answers++
      const value = (message.result as { ok: true; value: unknown }).value
      const results = Array.isArray(value) ? value.map((r: { value: { events: Array<{ position: number }> } }) => r.value) : [value as { events: Array<{ position: number }> }]
      for (const result of results) for (const e of result.events) expect(seen.has(e.position), `event ${e.position} pushed before its answer`).toBe(true)
    }
    expect(answers).toBe(21)
    expect(seen.size).toBe(70)
    const pushes = c.heard.filter((m) => m.type === 'events').length
    // Before: one message per commit (70), and a sync status after each. Each of the 21 answers may close one early.
    expect(pushes).toBeLessThan(40)
    expect(c.heard.filter((m) => m.type === 'sync').length).toBeLessThan(40)
    c.ws.close()
  })

  it('runs a sample flow into the workspace and keeps it across a restart', async () => {
    const dir = join(tempDir(), 'ws')
    mkdirSync(dir)
    let h = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    let c = connect(h)
    await c.opened
    expect(await c.call('flows.list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ file: 'sales-funnel.flow.json' })]) })
    expect(await c.call('flows.run', { file: 'sales-funnel.flow.json' })).toMatchObject({ ok: true })
    expect(await c.call('flows.run', { file: '../package.json' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    const before = h.workspace.engine.store.lastPosition
    expect(before).toBeGreaterThan(0)
    await h.close()
    h = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    hosts.push(h)
    c = connect(h)
    await c.opened
    expect(await c.call('workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: before } })
    c.ws.close()
  })

  it('serves the flows studio over the socket: make a spec from the log, save it, list it, run it', async () => {
    const h = await host()
    const c = connect(h)
    await c.opened
    await c.call('dispatch', { command: 'RegisterCustomer', data: { customerId: 'globex', name: 'Globex' }, actor: 'rep' })
    const spec = (await c.call('flows.fromLog', { position: 1 })) as { ok: true; value: { file: string; flow: Record<string, unknown> } }
    expect(spec).toMatchObject({ ok: true, value: { file: 'spec-register-customer-globex-at-1.flow.json' } })
    expect(await c.call('flows.save', { file: spec.value.file, flow: spec.value.flow })).toMatchObject({ ok: true, value: { source: 'workspace' } })
    expect(await c.call('flows.run', { file: spec.value.file, into: 'scratch' })).toMatchObject({ ok: true, value: { ok: true } })
    expect(await c.call('flows.list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ file: spec.value.file, lastResult: expect.objectContaining({ passed: true }) })]) })
    expect(await c.call('storm.export', { format: 'mermaid' })).toMatchObject({ ok: true, value: { text: expect.stringMatching(/^flowchart/) } })
    c.ws.close()
  })

  it('reports opening progress (bytes of the log) and opens a damaged log read-only up to the damage', async () => {
    const dir = join(tempDir(), 'ws')
    let h = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    for (const id of ['globex', 'initech', 'hooli']) await h.workspace.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: id, name: id } })
    await h.close()
    const log = join(dir, 'events.jsonl')
    const progress: Array<[number, number]> = []
    h = await startHost({ workspaceDir: dir, rendererDir: tempDir(), onProgress: (done, total) => progress.push([done, total]) })
    await h.close()
    expect(progress.at(-1)).toEqual([statSync(log).size, statSync(log).size])
    writeFileSync(log, readFileSync(log, 'utf8').replace('"name":"initech"', '"name":"initeck"'))
    h = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    hosts.push(h)
    const c = connect(h)
    await c.opened
    expect(await c.call('workspace.info', {})).toMatchObject({ ok: true, value: { readOnly: true, lastPosition: 1, report: { corrupt: { line: 2 } } } })
    expect(await c.call('dispatch', register)).toMatchObject({ ok: false })
    c.ws.close()
  })

  it('--read-only opens a workspace without its lock and writes nothing', async () => {
    const dir = join(tempDir(), 'ws')
    const writer = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    hosts.push(writer)
    await expect(startHost({ workspaceDir: dir, rendererDir: tempDir() })).rejects.toMatchObject({ code: 'WORKSPACE_LOCKED' })
    const reader = await startHost({ workspaceDir: dir, rendererDir: tempDir(), readOnly: true })
    hosts.push(reader)
    const c = connect(reader)
    await c.opened
    expect(await c.call('workspace.info', {})).toMatchObject({ ok: true, value: { readOnly: true } })
    expect(await c.call('dispatch', register)).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    c.ws.close()
  })
})
