import { v5 as uuidv5 } from 'uuid'
import type { BoundedContext, Clock, EventEnvelope } from '../../domain/kernel/index.ts'
import { Engine } from '../app/engine.ts'
import { ManualQuotes, type QuoteService } from '../app/quotes.ts'
import { Registry } from '../app/registry.ts'
import { MemoryEventStore } from '../store/memory-store.ts'
import type { Conflict } from './sync-state.ts'

/** A command as the laptop first dispatched it, kept until its events are pushed (what a rebase re-decides). */
export interface PendingCommand {
  commandId: string
  command: string
  aggregate?: string
  data: Record<string, unknown>
  actor?: string
}

/** What re-deciding a conflicted stream's pending commands on the merged state gives. */
export interface RebaseOutcome {
  stream: string
  /** Commands still valid, each with the events it decides now (its cascade included; new ids), in order. */
  accepted: Array<{ command: PendingCommand; events: EventEnvelope[] }>
  /** Commands the merged state refuses: the rule's code and words, and the ids of theirs that made the difference. */
  refused: Array<{ command: PendingCommand; code: string; message: string; theirs: string[] }>
}

/** How to re-decide: the engine's contexts, settings, clock and quotes, the local log, the conflict, the commands. */
export interface RebaseInput {
  contexts: readonly BoundedContext[]
  settings?: Record<string, unknown>
  clock: Clock
  quotes?: QuoteService
  /** The whole local log, oldest first (as stored or upcast: every event is upcast here). */
  local: Iterable<EventEnvelope>
  conflict: Conflict
  /** The conflicted stream's pending commands, in the order they were first dispatched. */
  commands: readonly PendingCommand[]
  /**
   * Local events left out of the merged state (our pending events of the stream, and those an earlier
   * rebase superseded). Default: the stream's events after the conflict's base.
   */
  withdrawn?: ReadonlySet<string>
}

/** The namespace of the ids a rebase gives the events it re-decides (UUIDv5). */
const REBASE_NAMESPACE = '8f3c1e52-6a7d-5b41-9c0e-2d4f6a8b1c3e'

/**
 * The re-decided events with ids derived from the rebase (what theirs ended with, the command, the index),
 * so a rebase run again after a crash decides the same ids and the log skips what it holds; a causation
 * inside the same outcome follows the renamed event.
 */
function rebasedIds(events: readonly EventEnvelope[], prefix: string): EventEnvelope[] {
  const ids = new Map(events.map((e, i) => [e.id, uuidv5(`${prefix}/${i}`, REBASE_NAMESPACE)]))
  return events.map((e) => ({ ...e, id: ids.get(e.id)!, meta: { ...e.meta, causationId: ids.get(e.meta.causationId) ?? e.meta.causationId } }))
}

/**
 * Re-decides a conflicted stream's pending commands on the merged state (rebase), through the real engine
 * in a scratch log: the local log without our events of that stream after the conflict's base, then the
 * server's (`theirs`), then each command dispatched again with its own id. Nothing is written anywhere;
 * applying the outcome (withdrawing our old events locally, pushing the accepted ones, listing the refused
 * ones in the Conflicts panel) is the caller's, see docs/sync.md.
 */
export async function redecide(input: RebaseInput): Promise<RebaseOutcome> {
  const { conflict } = input
  const store = new MemoryEventStore()
  const { upcast } = new Registry(input.contexts)
  const seed = (e: EventEnvelope | Omit<EventEnvelope, 'position'>) => {
    const current = upcast({ ...e, position: store.lastPosition + 1 } as EventEnvelope)
    store.appendToStream(current.stream, [{ id: current.id, type: current.type, at: current.at, data: current.data, meta: current.meta }])
  }
  const theirs = new Set(conflict.theirs.map((t) => t.id))
  const leftOut = (e: EventEnvelope) => theirs.has(e.id) || (input.withdrawn ? input.withdrawn.has(e.id) : e.stream === conflict.stream && e.version > conflict.base)
  for (const e of input.local) if (!leftOut(e)) seed(e)
  for (const e of conflict.theirs) seed(e)
  const engine = new Engine({ contexts: input.contexts, store, clock: input.clock, quotes: input.quotes ?? new ManualQuotes(), settings: input.settings })
  await engine.open()
  const outcome: RebaseOutcome = { stream: conflict.stream, accepted: [], refused: [] }
  for (const command of input.commands) {
    const result = await engine.dispatch({ command: command.command, aggregate: command.aggregate, data: command.data, actor: command.actor, commandId: command.commandId })
    if (result.ok) outcome.accepted.push({ command, events: rebasedIds(result.events, `${conflict.theirs.at(-1)?.id ?? conflict.base}/${command.commandId}`) })
    else outcome.refused.push({ command, code: result.error.code, message: result.error.message, theirs: conflict.theirs.map((t) => t.id) })
  }
  await engine.close()
  return outcome
}
