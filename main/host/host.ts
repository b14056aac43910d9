import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace, type Workspace } from '../app/workspace.ts'
import { createApi } from '../ipc/api.ts'
import { requestSchema, type ServerMessage } from '../ipc/contract.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Where browser mode finds its workspace, its sample flows and the built renderer. */
export interface HostOptions {
  workspaceDir: string
  /** 0 or absent: a free port. */
  port?: number
  flowsDir?: string
  rendererDir?: string
  /** Fixed token (tests, e2e restarts); a random one per run otherwise. */
  token?: string
  /** Open without the lock and without writing (`--read-only`): look at a workspace another app has open. */
  readOnly?: boolean
  /** Bytes of the log read while the workspace opens (`npm run serve` prints it, throttled). */
  onProgress?: (done: number, total: number) => void
}

/** A running browser-mode host. */
export interface Host {
  url: string
  origin: string
  token: string
  port: number
  workspace: Workspace
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

const MISSING_RENDERER = `<!doctype html><meta charset="utf-8"><title>Stormbook</title>
<p>The renderer is not built yet. Run <code>npm run build:renderer</code>, then reload.</p>`

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function invalidMessage(message: string, details: Record<string, unknown> = {}): ServerMessage {
  return { type: 'error', error: { code: 'INVALID_MESSAGE', message, details } }
}

/** Opens the workspace; a damaged log opens read-only up to the damage, and the renderer says so. */
async function openForBrowser(dir: string, options: { readOnly?: boolean; onProgress?: (done: number, total: number) => void }): Promise<Workspace> {
  const { onProgress } = options
  if (options.readOnly) return openWorkspace(dir, { contexts, clock: new SystemClock(), readOnly: true, onProgress })
  try {
    const workspace = await openWorkspace(dir, { contexts, clock: new SystemClock(), onProgress })
    workspace.startMarket(Number(workspace.engine.settings.marketTickSeconds ?? 0))
    return workspace
  } catch (error) {
    if ((error as { code?: string }).code !== 'LOG_CORRUPT') throw error
    return openWorkspace(dir, { contexts, clock: new SystemClock(), readOnly: true, onProgress })
  }
}

/**
 * Browser mode: opens the workspace, serves the built renderer on 127.0.0.1 and the `stormbook` API over a
 * WebSocket at /api that requires the per-run token and the host's own Origin.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const flowsDir = options.flowsDir ?? join(repoRoot, 'flows')
  const rendererDir = resolve(options.rendererDir ?? join(repoRoot, 'out', 'renderer'))
  const token = options.token ?? randomBytes(24).toString('base64url')
  const workspace = await openForBrowser(options.workspaceDir, options)
  const api = createApi({ workspace, flowsDir })
  let origin = ''

  const server = createServer((req, res) => serveStatic(req, res))
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', origin).pathname)
    let file = normalize(join(rendererDir, path))
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
      res.writeHead(404).end()
      return
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html')
    const headers = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': `default-src 'self'; connect-src 'self' ${origin.replace('http', 'ws')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'`,
    }
    if (!existsSync(file)) {
      res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html'] }).end(MISSING_RENDERER)
      return
    }
    res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file))
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin)
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`)
    }
    if (url.pathname !== '/api') return refuse(404, 'Not Found')
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized')
    // Browsers always send Origin: only this host's page may connect. Non-browser clients send none.
    const from = req.headers.origin
    if (from !== undefined && from !== origin && from !== origin.replace('127.0.0.1', 'localhost')) return refuse(403, 'Forbidden')
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req))
  })

  sockets.on('connection', (ws: WebSocket) => {
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
    }
    ws.on('message', async (raw, isBinary) => {
      if (isBinary) return send(invalidMessage('Messages are JSON text.'))
      let parsed: unknown
      try {
        parsed = JSON.parse(raw.toString())
      } catch {
        return send(invalidMessage('A message must be JSON: {id, method, params}.'))
      }
      const request = requestSchema.safeParse(parsed)
      if (!request.success) {
        const issue = request.error.issues[0]
        const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.') || 'message'
        return send(invalidMessage(`A message is {id, method, params}: ${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`, { field }))
      }
      const { id, method, params } = request.data
      const result = await api.call(method, params)
      send({ type: 'response', id, result })
    })
  })

  const unsubscribe = workspace.engine.subscribe((events) => {
    const message = JSON.stringify({ type: 'events', events: events as EventEnvelope[] } satisfies ServerMessage)
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message)
  })

  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(options.port ?? 0, '127.0.0.1', () => done())
    })
  } catch (error) {
    unsubscribe()
    await workspace.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  let closed: Promise<void> | undefined
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    workspace,
    close() {
      closed ??= (async () => {
        unsubscribe()
        for (const client of sockets.clients) client.close(1001, 'Stormbook is closing')
        sockets.close()
        server.closeAllConnections()
        await new Promise<void>((done) => server.close(() => done()))
        await workspace.close()
      })()
      return closed
    },
  }
}
