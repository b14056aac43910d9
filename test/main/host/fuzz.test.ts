import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { methodParams } from '../../../main/ipc/contract.ts'
import { startHost, type Host } from '../../../main/host/host.ts'
import { tempDir } from '../../support/workspace.ts'
import { closeCodeOf, frame, rawExchange, rawSocket, statusOf } from './raw-client.ts'

/*
 * A bounded fuzz of browser mode's host, in `npm test` with fixed seeds and small counts; `npm run test:fuzz`
 * runs the same with FUZZ_SCALE times as many cases. The host runs in this process: after every case a
 * well-behaved client's call must still be answered, every answer must be a coded error (or a result, or a
 * clean close with a WebSocket close code), and the host's log must stay empty (only its own faults go there).
 */

const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1)
const runs = (n: number) => Math.round(n * SCALE)
const timeout = (ms: number) => ms * SCALE + 20_000

let host: Host
const logged: string[] = []
let checker: WebSocket
let nextId = 1
/** What would have ended a real host process (vitest itself only reports it at the end). */
const uncaught: unknown[] = []
const onUncaught = (error: unknown) => uncaught.push(error)

beforeAll(async () => {
  process.on('uncaughtException', onUncaught)
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>fuzz</title>')
  host = await startHost({ workspaceDir: join(tempDir(), 'ws'), rendererDir: renderer, log: (m) => logged.push(m) })
  checker = await openClient()
})
afterAll(async () => {
  process.off('uncaughtException', onUncaught)
  checker?.close()
  await host?.close()
})

function openClient(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(host.token)}`)
  return new Promise((done, fail) => {
    ws.once('open', () => done(ws))
    ws.once('error', fail)
  })
}

/** The next message (not a pushed `events` one) a client hears, or null after `ms`. */
function nextMessage(ws: WebSocket, ms = 5000): Promise<any> {
  return new Promise((done) => {
    const timer = setTimeout(() => finish(null), ms)
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString())
      if (message.type !== 'events') finish(message)
    }
    const finish = (value: unknown) => {
      clearTimeout(timer)
      ws.off('message', onMessage)
      done(value)
    }
    ws.on('message', onMessage)
  })
}

/** The host still serves: a well-behaved client's call is answered. */
async function hostLives(): Promise<void> {
  const id = nextId++
  const answer = nextMessage(checker)
  checker.send(JSON.stringify({ id, method: 'workspace.info', params: {} }))
  expect(await answer).toMatchObject({ type: 'response', id, result: { ok: true } })
  expect(uncaught).toEqual([])
  expect(logged).toEqual([])
}

const isCoded = (error: unknown) =>
  typeof error === 'object' && error !== null && /^[A-Z][A-Z0-9_]*$/.test((error as { code?: unknown }).code as string) &&
  typeof (error as { message?: unknown }).message === 'string'

const METHODS = Object.keys(methodParams)
// Pieces an HTTP parser lets through (the host's own code must cope), and rarer ones it refuses itself.
const pieces = ['/', '%', '%E0', '%A4%A', '%ZZ', '%00', '%2f', '%5c', '..', '//', '[', ']', '?', '#', '@', ':', '\\', '{', '|', '^', '`',
  'api', 'index.html', 'assets', 'token=', '&', '=', 'a', 'Z', '9', '-', '.', '~', '%C3%A9', '%F0%9F', '%FF']
const rare = [' ', '"', '<', 'é', '\u0000', '\r', '\n', '\t']
const piece = fc.oneof({ arbitrary: fc.constantFrom(...pieces), weight: 20 }, { arbitrary: fc.constantFrom(...rare), weight: 1 })
const target = fc.tuple(
  fc.constantFrom('/', '/', '/', '/api?token=', '/api', '//', '', '*', 'http://evil.example/'),
  fc.array(piece, { maxLength: 16 }).map((a) => a.join('')),
  fc.boolean(),
).map(([start, rest, withToken]) => `${start}${withToken && start === '/api?token=' ? host.token : ''}${rest}`)
const headerName = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,24}$/)
const headerValue = fc.string({ maxLength: 60, unit: fc.constantFrom(...'abcXYZ019 ;,=/:-_.~"\'\t%éÿ\u0000\r'.split('')) })
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'BREW', 'get', '')

describe('fuzzing browser mode’s host', () => {
  it('answers random requests (URLs, methods, headers, upgrades) with a status, never a 500, and keeps serving', async () => {
    await fc.assert(fc.asyncProperty(
      method, target, fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }), fc.boolean(), fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
      async (verb, path, headers, upgrade, version) => {
        const lines = [`${verb} ${path} ${version}`, 'Host: 127.0.0.1']
        if (upgrade) lines.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13')
        else lines.push('Connection: close')
        for (const [name, value] of headers) lines.push(`${name}: ${value}`)
        const answer = await rawExchange(host.port, Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), 300)
        expect(statusOf(answer)).not.toBe(500)
        await hostLives()
      },
    ), { seed: 20261202, numRuns: runs(80) })
  }, timeout(60_000))

  it('answers random WebSocket messages with a response or a coded error, keeping the socket open', async () => {
    const json = fc.jsonValue({ maxDepth: 3 })
    const message = fc.oneof(
      fc.string({ maxLength: 80 }),
      json.map((v) => JSON.stringify(v)),
      fc.record({ id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()), method: fc.oneof(fc.constantFrom(...METHODS), fc.string()), params: json }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.record({ id: fc.nat(), method: fc.constantFrom(...METHODS), params: fc.dictionary(fc.constantFrom('command', 'name', 'data', 'settings', 'from', 'to', 'prices', 'file', 'into', 'asOf', '__proto__', 'constructor'), json) }).map((v) => JSON.stringify(v)),
    )
    const client = await openClient()
    try {
      await fc.assert(fc.asyncProperty(message, fc.boolean(), async (text, binary) => {
        const answer = nextMessage(client)
        client.send(binary ? Buffer.from(text) : text, { binary })
        const heard = await answer
        expect(heard, text).not.toBeNull()
        if (heard.type === 'response') {
          if (!heard.result.ok) expect(isCoded(heard.result.error), JSON.stringify(heard)).toBe(true)
        } else {
          expect(heard).toMatchObject({ type: 'error', error: { code: 'INVALID_MESSAGE' } })
        }
        expect(JSON.stringify(heard)).not.toMatch(/at .*\.ts:\d+/)
        expect(client.readyState).toBe(WebSocket.OPEN)
        await hostLives()
      }), { seed: 20261203, numRuns: runs(150) })
    } finally {
      client.close()
    }
  }, timeout(60_000))

  it('closes a socket that sends malformed frames with a protocol close code, and nothing more', async () => {
    const spoiled = fc.oneof(
      fc.record({
        opcode: fc.integer({ min: 0, max: 15 }),
        payload: fc.uint8Array({ maxLength: 64 }),
        fin: fc.boolean(),
        rsv: fc.integer({ min: 0, max: 7 }),
        masked: fc.boolean(),
        announced: fc.option(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(2 ** 20 + 1, 2 ** 31, 2 ** 53 - 1)), { nil: undefined }),
      }).map(({ opcode, payload, ...options }) => frame(opcode, Buffer.from(payload), options)),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    )
    await fc.assert(fc.asyncProperty(fc.array(spoiled, { minLength: 1, maxLength: 3 }), async (frames) => {
      const raw = await rawSocket(host.port, host.token)
      for (const bytes of frames) raw.socket.write(bytes)
      const code = closeCodeOf(await raw.closed(60))
      raw.socket.destroy()
      if (code !== undefined) expect([1000, 1002, 1003, 1005, 1007, 1009]).toContain(code)
      await hostLives()
    }), { seed: 20261204, numRuns: runs(40) })
  }, timeout(60_000))
})
