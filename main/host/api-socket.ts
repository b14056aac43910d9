import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { WebSocket } from 'ws'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../domain/kernel/schema-issue.ts'
import type { ApiResult } from '../ipc/contract.ts'
import { requestSchema, type ServerMessage } from '../ipc/contract.ts'
import { requestTarget } from './request-target.ts'

/** The largest message a page may send (bytes); a larger frame closes its socket with 1009. */
export const MAX_MESSAGE_BYTES = 1024 * 1024

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Who may open the API socket: a well-formed request for /api with the per-run token and, from a browser,
 * this host's own Origin. Answers null when it may, else the HTTP status and reason to refuse with.
 */
export function refusalOf(req: IncomingMessage, token: string, origin: string): { status: number; reason: string } | null {
  const target = requestTarget(req.url)
  if (target === null) return { status: 400, reason: 'Bad Request' }
  if (target.path !== '/api') return { status: 404, reason: 'Not Found' }
  if (!sameToken(target.query.get('token'), token)) return { status: 401, reason: 'Unauthorized' }
  // Browsers always send Origin: only this host's page may connect. Non-browser clients send none.
  const from = req.headers.origin
  if (from !== undefined && from !== origin && from !== origin.replace('127.0.0.1', 'localhost')) return { status: 403, reason: 'Forbidden' }
  return null
}

function invalidMessage(message: string, details: Record<string, unknown> = {}): ServerMessage {
  const error: CodedError = { code: 'INVALID_MESSAGE', message, details }
  return { type: 'error', error }
}

/** What answers the socket's requests (the API over the open workspace). */
export interface SocketApi {
  call(method: string, params: unknown): Promise<ApiResult<unknown>>
  /** Hears every change of the market's quotes (pushed to the page as a `quotes` message). */
  onQuotes?(listener: (quotes: Array<{ symbol: string; price: string; at: string }>) => void): () => void
}

/** How one socket fits the host's other messages. */
export interface SocketOptions {
  /** Runs before each message this socket sends (the host sends the events it has gathered, so they come first). */
  beforeSend?: () => void
}

/**
 * Serves one page's API socket: each text message is a request `{id, method, params}`, answered with a
 * `response`; anything else is answered with INVALID_MESSAGE and the socket stays open. A broken frame
 * (too large, invalid UTF-8, a reserved opcode) closes this socket with its close code (1009, 1007, 1002)
 * and nothing more. Never throws; `log` hears only Stormbook's own faults.
 */
export function serveApiSocket(ws: WebSocket, api: SocketApi, log: (message: string) => void, options: SocketOptions = {}): void {
  const send = (message: ServerMessage) => {
    options.beforeSend?.()
    if (ws.readyState !== ws.OPEN) return
    ws.send(JSON.stringify(message), (error) => {
      if (error && ws.readyState === ws.OPEN) log(`stormbook host: a message could not be sent: ${error.message}`)
    })
  }
  // The ws package closes the socket with the right code itself; without a listener the error would end the process.
  ws.on('error', () => undefined)
  const offQuotes = api.onQuotes?.((quotes) => send({ type: 'quotes', quotes }))
  if (offQuotes) ws.on('close', offQuotes)
  ws.on('message', (raw, isBinary) => {
    void answer(raw, isBinary).catch((error: unknown) => {
      log(`stormbook host: a request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    })
  })

  async function answer(raw: unknown, isBinary: boolean): Promise<void> {
    if (isBinary) return send(invalidMessage('Messages are JSON text.'))
    let parsed: unknown
    try {
      parsed = JSON.parse(String(raw))
    } catch {
      return send(invalidMessage('A message must be JSON: {id, method, params}.'))
    }
    const request = requestSchema.safeParse(parsed)
    if (!request.success) {
      const issue = describeIssue(request.error)
      const field = issue.field || 'message'
      return send(invalidMessage(`A message is {id, method, params}: ${field}: ${issue.problem}`, { field }))
    }
    const { id, method, params } = request.data
    const result = await api.call(method, params)
    send({ type: 'response', id, result })
  }
}
