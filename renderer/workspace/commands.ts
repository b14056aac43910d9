import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { MethodValues } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'
import { useWorkspace } from './store.ts'
import { beforeOf, type Before, type SentCommand } from './compensations.ts'
import { reject } from './toasts.ts'
import { useUndo } from './undo.ts'

/** What the engine answered a command: its events, or the refusal with its code. */
export type CommandResult = { ok: true; value: MethodValues['dispatch'] } | { ok: false; error: CodedError }

/** How one command goes through the command path. */
export interface SendOptions {
  /** Answer the refusal instead of toasting it (an inline edit shows it in place; an import lists it). */
  quiet?: boolean
  /** Leave it out of the undo history (an import's rows). Default: recorded. */
  undoable?: boolean
  /** What the feature knew before sending, when its store has already changed (an optimistic move). */
  before?: Before
  /** Send it while replaying too: an annotation of the log (a hotspot, a bookmark), not a business command. */
  whileReplaying?: boolean
}

/**
 * The one command path: send, then toast a refusal, then record the undo entry. Nothing is refreshed
 * here: the engine pushes the command's events, and each feature's store refreshes on pushed events.
 */
export async function sendCommand(command: SentCommand, options: SendOptions = {}): Promise<CommandResult> {
  if (useWorkspace.getState().viewingPosition !== null && !options.whileReplaying) {
    // Replaying the past: the screens show a moment that commands cannot change.
    const error: CodedError = { code: 'REPLAYING', message: 'You are replaying the log: commands are disabled until you go back to now (Esc).' }
    if (!options.quiet) reject(error)
    return { ok: false, error }
  }
  const before = options.before ?? beforeOf(command)
  const result = await bridge().dispatch(command)
  if (!result.ok) {
    if (!options.quiet) reject(result.error)
    return result
  }
  if (options.undoable !== false) useUndo.getState().record(command, result.value.events, before)
  return result
}

/**
 * Many commands at once, in order, none of them undoable or toasted (an import's rows): one round trip
 * per batch where the host can (the bridge splits them), else one by one. Answers each command's result.
 */
export async function sendCommands(commands: readonly SentCommand[]): Promise<CommandResult[]> {
  if (useWorkspace.getState().viewingPosition !== null) {
    const error: CodedError = { code: 'REPLAYING', message: 'You are replaying the log: commands are disabled until you go back to now (Esc).' }
    return commands.map(() => ({ ok: false, error }))
  }
  const api = bridge()
  if (!api.dispatchBatch) return Promise.all(commands.map((command) => api.dispatch(command)))
  const answer = await api.dispatchBatch([...commands])
  return answer.ok ? answer.value : commands.map(() => answer)
}
