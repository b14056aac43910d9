import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startHost } from './host.ts'

/** `npm run serve -- [--port N] [--workspace DIR]`: browser mode, until Ctrl+C. */
async function main(): Promise<number> {
  let values: { port?: string; workspace?: string }
  try {
    values = parseArgs({ options: { port: { type: 'string' }, workspace: { type: 'string' } }, allowPositionals: false }).values
  } catch (error) {
    console.error(`stormbook serve: ${(error as Error).message}\nUsage: npm run serve -- [--port N] [--workspace DIR]`)
    return 2
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`stormbook serve: --port: "${values.port}" is not a port number (0-65535)`)
    return 2
  }
  const workspaceDir = values.workspace ?? join(homedir(), '.stormbook', 'default')
  try {
    const host = await startHost({ workspaceDir, port })
    console.log(`Stormbook: ${host.url}`)
    console.log(`Workspace: ${host.workspace.dir} — Ctrl+C to stop`)
    const stop = () => {
      void host.close().then(() => process.exit(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    return -1
  } catch (error) {
    const e = error as { code?: string; message?: string }
    console.error(`stormbook serve: cannot open ${workspaceDir}: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`)
    if (e.code === 'WORKSPACE_LOCKED') console.error('Another Stormbook has this workspace open; close it or pass --workspace DIR.')
    return 1
  }
}

const code = await main()
if (code >= 0) process.exit(code)
