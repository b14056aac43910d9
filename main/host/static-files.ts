import { readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { requestTarget } from './request-target.ts'

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

/**
 * The browser page's policy: everything from the host itself, its WebSocket on its own port only, no
 * inline styles or scripts (React sets style attributes through the CSSOM, which CSP allows), no frames.
 */
export function browserContentSecurityPolicy(origin: string): string {
  const socket = origin.replace(/^http/, 'ws')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${socket} ${socket.replace('127.0.0.1', 'localhost')}`,
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Serves the built renderer (GET and HEAD only): a file under `rendererDir`, else index.html (the app's
 * routes). A malformed request target is 400; a path that escapes the folder is 404; nothing throws.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, rendererDir: string, origin: string): void {
  const target = requestTarget(req.url)
  if (target === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request\n')
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  let file = normalize(join(rendererDir, target.path))
  if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
    res.writeHead(404).end()
    return
  }
  if (!isFile(file)) file = join(rendererDir, 'index.html')
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': browserContentSecurityPolicy(origin),
  }
  let body: Buffer
  try {
    body = readFileSync(file)
  } catch {
    res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html'] }).end(MISSING_RENDERER)
    return
  }
  res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
  res.end(req.method === 'HEAD' ? undefined : body)
}
