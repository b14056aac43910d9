import { toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import { listenForEvents, type Wakeup } from './server.ts'
import type { SyncReport } from './sync-client.ts'

/** How an online laptop keeps in sync. */
export interface SyncLoopOptions {
  /** The server, to LISTEN for the team's new events. */
  url: string
  team: string
  /** One round (push, then pull): syncOnce over the laptop's log and a server connection. */
  round(): Promise<SyncReport>
  /** Also sync every this many milliseconds (0 or absent: only at start, on wake-ups and when asked). */
  everyMs?: number
  onReport?(report: SyncReport): void
  onError?(error: CodedError): void
}

/** A running sync loop. */
export interface SyncLoop {
  /** Runs a round now, or joins the one waiting to run (rounds never overlap). */
  syncNow(): Promise<SyncReport>
  /** Stops listening and waits for a round in progress. */
  close(): Promise<void>
}

/**
 * Keeps an online laptop in sync: a round at start, one whenever the server NOTIFYs that the team has new
 * events, and one every `everyMs` (a missed notification costs at most that long). One round at a time;
 * wake-ups during a round are folded into one more round after it.
 */
export async function startSyncLoop(options: SyncLoopOptions): Promise<SyncLoop> {
  let current: Promise<unknown> = Promise.resolve()
  let waiting: Promise<SyncReport> | null = null
  let closed = false

  function syncNow(): Promise<SyncReport> {
    if (waiting) return waiting
    const next = current.then(() => {
      waiting = null
      return options.round()
    })
    waiting = next
    current = next.catch(() => undefined)
    return next
  }

  function inBackground(): void {
    if (closed) return
    syncNow().then(
      (report) => options.onReport?.(report),
      (error) => options.onError?.(toCodedError(error)),
    )
  }

  const wakeup: Wakeup = await listenForEvents(options.url, options.team, inBackground)
  const timer = options.everyMs ? setInterval(inBackground, options.everyMs) : undefined
  timer?.unref?.()
  inBackground()
  return {
    syncNow,
    async close() {
      closed = true
      if (timer) clearInterval(timer)
      await wakeup.close()
      await current
    },
  }
}
