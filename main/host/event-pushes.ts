import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { MethodValues, ServerMessage } from '../ipc/contract.ts'

/**
 * The host's pushes to the pages, gathered: every commit heard in one turn of the event loop goes out in
 * one `events` message (an import's 500-command batch is a few messages, not 500), followed by the sync
 * status as it stands then (the sync service reports one after each commit; only the latest counts).
 * Whatever is gathered is sent before any other message (`flush`), so a page sees things in the order the
 * host heard them: a command's answer never overtakes its events.
 */
export interface EventPushes {
  /** Adds a commit's events to the message that goes out at the end of this turn. */
  add(events: readonly EventEnvelope[]): void
  /** The sync status now; it goes out after the events gathered so far, replacing an older one not yet sent. */
  syncStatus(status: MethodValues['sync.status']): void
  /** Sends what is gathered, now; nothing when nothing is. Called before any other message is sent. */
  flush(): void
  /** Drops what is gathered and sends nothing more (the host is closing). */
  stop(): void
}

/** Gathers pushes for `send`, which gets them (events first, in the order heard) once per turn, or on `flush`. */
export function gatherPushes(send: (message: ServerMessage) => void, schedule: (run: () => void) => void = setImmediate): EventPushes {
  let events: EventEnvelope[] = []
  let status: MethodValues['sync.status'] | undefined
  let scheduled = false
  let stopped = false
  const later = () => {
    if (scheduled) return
    scheduled = true
    schedule(flush)
  }
  function flush(): void {
    scheduled = false
    if (stopped) return
    const gathered = events
    const latest = status
    events = []
    status = undefined
    if (gathered.length > 0) send({ type: 'events', events: gathered })
    if (latest !== undefined) send({ type: 'sync', status: latest })
  }
  return {
    add(heard) {
      if (stopped || heard.length === 0) return
      for (const event of heard) events.push(event)
      later()
    },
    syncStatus(latest) {
      if (stopped) return
      status = latest
      later()
    },
    flush,
    stop() {
      stopped = true
      events = []
      status = undefined
    },
  }
}
