import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHost, type Host } from '../../../main/host/host.ts'
import { keepRunningOnUnhandledRejection } from '../../../main/host/keep-running.ts'
import { requestTarget } from '../../../main/host/request-target.ts'
import { tempDir } from '../../support/workspace.ts'
import { closeCodeOf, frame, rawExchange, rawSocket, statusOf } from './raw-client.ts'

const hosts: Host[] = []
const logged: string[] = []
/** What would have ended a real host process (vitest only reports it at the end of the file). */
const uncaught: unknown[] = []
const onUncaught = (error: unknown) => uncaught.push(error)
beforeEach(() => {
  process.on('uncaughtException', onUncaught)
})
afterEach(async () => {
  process.off('uncaughtException', onUncaught)
  while (hosts.length) await hosts.pop()!.close()
  logged.length = 0
  uncaught.length = 0
})

async function host(): Promise<Host> {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Stormbook test page</title>')
  const h = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: renderer, log: (m) => logged.push(m) })
  hosts.push(h)
  return h
}

/** A valid call over a fresh, well-behaved socket: proves the host still serves. */
async function stillAnswers(h: Host): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api?token=${encodeURIComponent(h.token)}`)
  try {
    await new Promise((done, fail) => {
      ws.once('open', done)
      ws.once('error', fail)
    })
    ws.send(JSON.stringify({ id: 1, method: 'workspace.info', params: {} }))
    const answer = await new Promise<string>((done) => ws.once('message', (data) => done(data.toString())))
    return JSON.parse(answer)
  } finally {
    ws.close()
  }
}

const MALFORMED = ['/%E0%A4%A', '/%ZZ', '//[', '/api%', '/%00', '/..%2f%E0']

describe('a malformed request', () => {
  it('reads a request target without throwing: a target that does not decode is null', () => {
    for (const target of MALFORMED) expect(requestTarget(target), target).toBeNull()
    expect(requestTarget('*')).toBeNull()
    expect(requestTarget('http://evil.example/')).toBeNull()
    expect(requestTarget('/assets/a%20b.js?x=1')).toMatchObject({ path: '/assets/a b.js' })
    expect(requestTarget('//evil.example/x')).toMatchObject({ path: '//evil.example/x' })
  })

  it('gets a 400 (plain or as a WebSocket upgrade, with or without the token); the host keeps serving', async () => {
    const h = await host()
    for (const target of MALFORMED) {
      const plain = await rawExchange(h.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      expect(statusOf(plain), `GET ${target}`).toBe(400)
      const post = await rawExchange(h.port, `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
      expect(statusOf(post), `POST ${target}`).toBe(400)
      const upgrade = await rawExchange(h.port,
        `GET ${target}?token=${h.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
      expect(statusOf(upgrade), `upgrade ${target}`).toBe(400)
    }
    expect((await fetch(h.url)).status).toBe(200)
    expect(uncaught).toEqual([])
    expect(await stillAnswers(h)).toMatchObject({ type: 'response', id: 1, result: { ok: true } })
    expect(logged).toEqual([])
  })

  it('serves the page with a policy of its own: no inline styles, its WebSocket on its own port only', async () => {
    const h = await host()
    const policy = (await fetch(h.url)).headers.get('content-security-policy')!
    expect(policy).toContain("style-src 'self';")
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).toContain(`connect-src 'self' ws://127.0.0.1:${h.port} ws://localhost:${h.port};`)
  })
})

describe("the page's own policy (renderer/index.html, in Electron and in browser mode)", () => {
  it('allows no inline style and no WebSocket beyond its own origin', () => {
    const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8')
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
    expect(directives.get('style-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(policy).not.toContain('unsafe-inline')
  })
})

describe('a broken WebSocket frame from an authenticated client', () => {
  const cases: Array<[string, Buffer, number]> = [
    ['a frame over the payload limit', frame(0x1, Buffer.alloc(0), { announced: 2 * 1024 * 1024 }), 1009],
    ['a text frame of invalid UTF-8', frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['a reserved opcode', frame(0x3, Buffer.from('hi')), 1002],
    ['reserved bits set', frame(0x1, Buffer.from('{}'), { rsv: 4 }), 1002],
    ['an unmasked client frame', frame(0x1, Buffer.from('{}'), { masked: false }), 1002],
    ['a fragmented control frame', frame(0x9, Buffer.from('ping'), { fin: false }), 1002],
  ]
  for (const [name, bytes, code] of cases) {
    it(`${name}: closes that socket with ${code}, and nothing more`, async () => {
      const h = await host()
      const raw = await rawSocket(h.port, h.token)
      raw.socket.write(bytes)
      expect(closeCodeOf(await raw.closed())).toBe(code)
      expect(await stillAnswers(h)).toMatchObject({ type: 'response', result: { ok: true } })
      expect(uncaught).toEqual([])
      expect(logged).toEqual([])
    })
  }

  it('a client that resets its connection mid-handshake or mid-message does not end the host', async () => {
    const h = await host()
    const raw = await rawSocket(h.port, h.token)
    raw.socket.write(frame(0x1, Buffer.from('{"id":1,"method":"workspace.info","params":{}}')).subarray(0, 10))
    raw.socket.resetAndDestroy()
    const refused = await rawExchange(h.port, `GET /api?token=wrong HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`, 50)
    expect([0, 401]).toContain(statusOf(refused))
    expect(await stillAnswers(h)).toMatchObject({ type: 'response', result: { ok: true } })
  })
})

describe('a promise nobody waited for', () => {
  it('is logged and does not end the process', () => {
    const heard: string[] = []
    const remove = keepRunningOnUnhandledRejection((m) => heard.push(m))
    try {
      process.emit('unhandledRejection', new Error('a lost write'), Promise.resolve())
      expect(heard).toHaveLength(1)
      expect(heard[0]).toMatch(/a lost write/)
      expect(keepRunningOnUnhandledRejection(() => heard.push('twice'))).toBeTypeOf('function')
      process.emit('unhandledRejection', 'again', Promise.resolve())
      expect(heard).toHaveLength(2)
    } finally {
      remove()
    }
  })
})
