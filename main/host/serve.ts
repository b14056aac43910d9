import { terminalProgress } from '../app/progress.ts'
import { startHost } from './host.ts'
import { keepRunningOnUnhandledRejection } from './keep-running.ts'
import { openFailureNotes, openNotes, parseServeArgs } from './serve-args.ts'

/** `npm run serve -- [--port N] [--workspace DIR] [--read-only | --take-over]`: browser mode, until Ctrl+C. */
async function main(): Promise<number> {
  const args = parseServeArgs(process.argv.slice(2))
  if ('error' in args) {
    console.error(args.error)
    return 2
  }
  // A failed task nobody waited for is logged; it never ends the host and the workspace it has open.
  keepRunningOnUnhandledRejection()
  const { workspaceDir, port, readOnly, takeOver } = args
  const progress = terminalProgress(process.stdout)
  try {
    console.log(`Opening ${workspaceDir}…`)
    const host = await startHost({ workspaceDir, port, readOnly, takeOver, onProgress: progress })
    progress.end()
    for (const note of openNotes(host.workspace.report, host.workspace.engine.store.readOnly)) console.log(note)
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
    for (const note of openFailureNotes(workspaceDir, error)) console.error(note)
    return 1
  }
}

const code = await main()
if (code >= 0) process.exit(code)
