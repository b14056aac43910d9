import { toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import { listenForEvents, type Login, type Wakeup } from './server.ts'
import type { SyncReport } from './sync-client.ts'

/** How an online laptop keeps in sync. */
export interface SyncLoopOptions {
  /** The server, to LISTEN for the team's new events. */
  url: string
  team: string
  /** How to log in for LISTEN (the password; else PGPASSWORD). */
  login?: Login
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

/** Rounds one at a time: a call during a round joins the one waiting to run after it. */
export interface RoundQueue<R = SyncReport> {
  syncNow(): Promise<R>
  /** Resolves once the round in progress (and the one waiting) is over, whatever their outcome. */
  idle(): Promise<void>
}

/** Serialises rounds: never two at once, and calls during a round fold into one more round after it. */
export function roundQueue<R = SyncReport>(round: () => Promise<R>): RoundQueue<R> {
  let current: Promise<unknown> = Promise.resolve()
  let waiting: Promise<R> | null = null
  return {
    syncNow() {
      if (waiting) return waiting
      const next = current.then(() => {
        waiting = null
        return round()
      })
      waiting = next
      current = next.catch(() => undefined)
      return next
    },
    idle: () => current.then(() => undefined),
  }
}

/**
 * Keeps an online laptop in sync: a round at start, one whenever the server NOTIFYs that the team has new
 * events, and one every `everyMs` (a missed notification costs at most that long). One round at a time;
 * wake-ups during a round are folded into one more round after it. Offline at start (LISTEN fails), it
 * reports the error and keeps its timer; the next round that succeeds listens again.
 */
export async function startSyncLoop(options: SyncLoopOptions): Promise<SyncLoop> {
  let closed = false
  let wakeup: Wakeup | null = null
  let listening: Promise<void> | null = null

  function listen(): Promise<void> {
    listening ??= listenForEvents(options.url, options.team, inBackground, options.login).then(
      async (w) => {
        if (closed) await w.close()
        else wakeup = w
      },
      (error) => {
        listening = null
        options.onError?.(toCodedError(error))
      },
    )
    return listening
  }

  const queue = roundQueue(async () => {
    const report = await options.round()
    if (!wakeup && !closed) void listen()
    return report
  })

  function inBackground(): void {
    if (closed) return
    queue.syncNow().then(
      (report) => options.onReport?.(report),
      (error) => options.onError?.(toCodedError(error)),
    )
  }

  await listen()
  const timer = options.everyMs ? setInterval(inBackground, options.everyMs) : undefined
  timer?.unref?.()
  inBackground()
  return {
    syncNow: () => queue.syncNow(),
    async close() {
      closed = true
      if (timer) clearInterval(timer)
      await listening
      await wakeup?.close()
      await queue.idle()
    },
  }
}
