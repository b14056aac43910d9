import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace, type OpenOptions, type Workspace } from '../app/workspace.ts'
import { createApi } from '../ipc/api.ts'
import type { ServerMessage } from '../ipc/contract.ts'
import { openWorkspaceSync } from '../ipc/sync-open.ts'
import { MAX_MESSAGE_BYTES, refusalOf, serveApiSocket } from './api-socket.ts'
import { gatherPushes } from './event-pushes.ts'
import { serveStatic } from './static-files.ts'

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
  /**
   * Take over the workspace's lock from another process (`--take-over`): the store's explicit takeover,
   * passed through to the open options as is.
   */
  takeOver?: boolean
  /** Bytes of the log read while the workspace opens (`npm run serve` prints it, throttled). */
  onProgress?: (done: number, total: number) => void
  /** Where the host reports its own faults (never a client's bad request); console.error by default. */
  log?: (message: string) => void
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

/** Opens the workspace; a damaged log opens read-only up to the damage, and the renderer says so. */
async function openForBrowser(dir: string, options: { readOnly?: boolean; takeOver?: boolean; onProgress?: (done: number, total: number) => void }): Promise<Workspace> {
  const { onProgress } = options
  const readOnly: OpenOptions = { contexts, clock: new SystemClock(), readOnly: true, onProgress }
  if (options.readOnly) return openWorkspace(dir, readOnly)
  try {
    const writable: OpenOptions = { contexts, clock: new SystemClock(), onProgress, ...(options.takeOver ? { takeOver: true } : {}) }
    const workspace = await openWorkspace(dir, writable)
    workspace.startMarket(Number(workspace.engine.settings.marketTickSeconds ?? 0))
    return workspace
  } catch (error) {
    if ((error as { code?: string }).code !== 'LOG_CORRUPT') throw error
    return openWorkspace(dir, readOnly)
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
  // Team sync: in browser mode the server's password is PGPASSWORD in this process's environment; the page
  // never types it (sync.setPassword answers SYNC_PASSWORD_FROM_ENV).
  const sync = openWorkspaceSync(workspace, async () => process.env.PGPASSWORD)
  const api = createApi({ workspace, flowsDir, sync })
  let origin = ''

  const log = options.log ?? ((message: string) => console.error(message))

  const server = createServer((req, res) => {
    try {
      serveStatic(req, res, rendererDir, origin)
    } catch (error) {
      log(`stormbook host: ${req.method} failed: ${error instanceof Error ? error.message : String(error)}`)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    }
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req, socket, head) => {
    // A client that resets the connection must not take the host down with it.
    socket.on('error', () => socket.destroy())
    const refusal = refusalOf(req, token, origin)
    if (refusal) {
      const { status, reason } = refusal
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`)
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req))
  })

  const broadcast = (message: ServerMessage) => {
    const text = JSON.stringify(message)
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text)
  }
  // Each commit's events (and the sync status after it) are gathered per turn into one message, and what is
  // gathered goes out before any other message: an answer, or a quote, never overtakes the events before it.
  const pushes = gatherPushes(broadcast)
  sockets.on('connection', (ws: WebSocket) => serveApiSocket(ws, api, log, { beforeSend: pushes.flush }))

  const stopEvents = workspace.engine.subscribe((events) => pushes.add(events as EventEnvelope[]))
  const stopSync = api.onSyncStatus((status) => pushes.syncStatus(status))
  const unsubscribe = () => {
    stopEvents()
    stopSync()
    pushes.stop()
  }
  const closeWorkspace = async () => {
    await sync?.close().catch(() => undefined) // a round cut short is simply run again next time
    await workspace.close()
  }

  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(options.port ?? 0, '127.0.0.1', () => done())
    })
  } catch (error) {
    unsubscribe()
    await closeWorkspace()
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
        await closeWorkspace()
      })()
      return closed
    },
  }
}
