let installed = false

/**
 * Keeps a host process (browser mode's `serve`, Electron's main process) running past a promise nobody
 * awaited that failed: it is logged, never fatal (Node's default would end the process and every open
 * workspace with it). Returns the function that removes the handler; installing twice installs once.
 */
export function keepRunningOnUnhandledRejection(log: (message: string) => void = (m) => console.error(m)): () => void {
  const handler = (reason: unknown) => {
    const words = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)
    log(`Stormbook: a task failed and was left behind (it did not stop the app): ${words}`)
  }
  if (installed) return () => undefined
  installed = true
  process.on('unhandledRejection', handler)
  return () => {
    installed = false
    process.removeListener('unhandledRejection', handler)
  }
}
