import { codedError } from '../../domain/kernel/coded-error.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import type { Engine } from '../app/engine.ts'
import { redecide, type PendingCommand } from './rebase.ts'
import { localVersion, type Conflict, type RefusedCommand, type SyncState } from './sync-state.ts'

/** What applying one conflict's rebase did. */
export interface AppliedRebase {
  stream: string
  /** Pending commands still valid on the merged state, decided anew (their events are pending again). */
  accepted: number
  /** Pending commands the merged state refuses: now in the Conflicts panel. */
  refused: RefusedCommand[]
  /** Their events as the local log now holds them (for the policies that now apply). */
  theirs: EventEnvelope[]
}

/**
 * Our pending events of a conflicted stream: after the base (in local versions), not superseded by an
 * earlier rebase, and before theirs if an interrupted rebase already took theirs in.
 */
function pendingOf(log: readonly EventEnvelope[], state: SyncState, conflict: Conflict): EventEnvelope[] {
  const base = localVersion(state, conflict.stream, conflict.base)
  const superseded = new Set(state.superseded ?? [])
  const theirs = new Set(conflict.theirs.map((t) => t.id))
  const theirsAt = log.find((e) => theirs.has(e.id))?.position ?? Infinity
  return log.filter((e) => e.stream === conflict.stream && e.version > base && !superseded.has(e.id) && !theirs.has(e.id) && e.position < theirsAt)
}

/** The actors' commands behind pending events, in the order first decided, with the input they were given. */
export function pendingCommands(events: readonly EventEnvelope[]): PendingCommand[] {
  const out = new Map<string, PendingCommand>()
  for (const e of events) {
    if (e.meta.policy !== null || out.has(e.meta.commandId)) continue
    if (!e.meta.input) {
      throw codedError('SYNC_REBASE_NO_INPUT', `${e.stream}: the command ${e.meta.command} was recorded before commands kept their input; it cannot be re-decided.`, { stream: e.stream, commandId: e.meta.commandId })
    }
    out.set(e.meta.commandId, { commandId: e.meta.commandId, command: e.meta.command, aggregate: e.meta.aggregate, data: e.meta.input, actor: e.meta.actor ?? undefined })
  }
  return [...out.values()]
}

/**
 * Resolves a stream conflict by rebase, append-only: our pending commands of the stream are re-decided on
 * the merged state (the stream up to the base, then theirs); then theirs and the re-decided events are
 * appended to the local log (ingested: no policy runs, the re-decided cascade is already in them), our
 * old events of the stream are marked superseded in sync.json (kept in the log, never pushed) and
 * withdrawn from the engine's folds (read models and aggregate states refolded without them), and the
 * stream's offset (local version − server version) grows by their number. Refused commands become
 * entries of the Conflicts panel with the rule that refused them and theirs. Idempotent: the re-decided
 * events' ids derive from the rebase, and the state is saved (`save`) only once the log holds everything.
 */
export async function applyRebase(engine: Engine, state: SyncState, conflict: Conflict, now: string, save: (state: SyncState) => void): Promise<AppliedRebase> {
  const log = engine.store.readRange(1, engine.store.lastPosition)
  const ours = pendingOf(log, state, conflict)
  const commands = pendingCommands(ours)
  const withdrawn = new Set([...(state.superseded ?? []), ...ours.map((e) => e.id)])
  const outcome = await redecide({
    contexts: engine.registry.contexts, settings: { ...engine.settings }, clock: engine.clock, quotes: engine.quotes,
    local: log, conflict, commands, withdrawn,
  })
  const decided = outcome.accepted.flatMap((a) => a.events).map(({ position: _position, ...e }) => e)
  const result = await engine.ingest([...conflict.theirs, ...decided], { versions: 'local' })
  if (!result.ok) throw codedError(result.error.code, result.error.message, result.error.details)

  const serverVersion = conflict.base + conflict.theirs.length + decided.filter((e) => e.stream === conflict.stream).length
  const refused: RefusedCommand[] = outcome.refused.map((r) => ({
    id: r.command.commandId, command: r.command.command, aggregate: r.command.aggregate ?? '', actor: r.command.actor ?? null, stream: conflict.stream,
    data: r.command.data, code: r.code, message: r.message, theirs: conflict.theirs,
    superseded: ours.filter((e) => e.meta.commandId === r.command.commandId).map((e) => e.id), at: now,
  }))
  state.superseded = [...withdrawn]
  state.offsets = { ...state.offsets, [conflict.stream]: engine.store.streamVersion(conflict.stream) - serverVersion }
  state.refused = [...(state.refused ?? []).filter((r) => !refused.some((n) => n.id === r.id)), ...refused]
  state.conflicts = state.conflicts.filter((c) => c !== conflict)
  // The checkpoints that folded ours go first, then sync.json says they are superseded, then the refold.
  const withdrawnNow = await engine.supersede(ours, () => save(state))
  if (!withdrawnNow.ok) throw codedError(withdrawnNow.error.code, withdrawnNow.error.message, withdrawnNow.error.details)
  const theirIds = new Set(conflict.theirs.map((t) => t.id))
  return { stream: conflict.stream, accepted: outcome.accepted.length, refused, theirs: result.events.filter((e) => theirIds.has(e.id)) }
}
