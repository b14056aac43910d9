import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { terminalProgress } from '../app/progress.ts'
import { startHost } from './host.ts'

const USAGE = 'Usage: npm run serve -- [--port N] [--workspace DIR] [--read-only]'

/** `npm run serve -- [--port N] [--workspace DIR] [--read-only]`: browser mode, until Ctrl+C. */
async function main(): Promise<number> {
  let values: { port?: string; workspace?: string; 'read-only'?: boolean }
  try {
    values = parseArgs({ options: { port: { type: 'string' }, workspace: { type: 'string' }, 'read-only': { type: 'boolean' } }, allowPositionals: false }).values
  } catch (error) {
    console.error(`stormbook serve: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`stormbook serve: --port: "${values.port}" is not a port number (0-65535)`)
    return 2
  }
  const workspaceDir = values.workspace ?? join(homedir(), '.stormbook', 'default')
  const progress = terminalProgress(process.stdout)
  try {
    console.log(`Opening ${workspaceDir}…`)
    const host = await startHost({ workspaceDir, port, readOnly: values['read-only'] ?? false, onProgress: progress })
    progress.end()
    const info = host.workspace.report
    if (info.corrupt) console.log(`The log is damaged at line ${info.corrupt.line} (${info.corrupt.reason}): opened read-only up to line ${info.corrupt.line - 1}.`)
    else if (host.workspace.engine.store.readOnly) console.log('Opened read-only: commands are disabled.')
    console.log(`Stormbook: ${host.url}`)
    console.log(`Workspace: ${host.workspace.dir} — Ctrl+C to stop`)
    const stop = () => {
      void host.close().then(() => process.exit(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    return -1
  } catch (error) {
    progress.end()
    const e = error as { code?: string; message?: string }
    console.error(`stormbook serve: cannot open ${workspaceDir}: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`)
    if (e.code === 'WORKSPACE_LOCKED') console.error('Another Stormbook has this workspace open; close it, pass --read-only to look at it, or pass --workspace DIR.')
    return 1
  }
}

const code = await main()
if (code >= 0) process.exit(code)
