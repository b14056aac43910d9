import { create } from 'zustand'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { beforeOf, changedSomething, compensationOf, type Before, type Compensation, type SentCommand } from './compensations.ts'
import { reject, toast } from './toasts.ts'
import { bridge } from '../bridge.ts'

/** One command the user sent, with what would take it back. */
export interface UndoEntry {
  command: SentCommand
  undo: Compensation
}

/** The user's last commands, of every feature: undo sends their compensating commands, redo sends the commands again. */
interface UndoState {
  done: UndoEntry[]
  undone: SentCommand[]
  busy: boolean
  /** A command the engine accepted: remember it (and forget what was undone). */
  record(command: SentCommand, events: EventEnvelope[], before?: Before): void
  undo(): Promise<void>
  redo(): Promise<void>
}

const LIMIT = 50

export const useUndo = create<UndoState>()((set, get) => ({
  done: [],
  undone: [],
  busy: false,
  record(command, events, before) {
    if (!changedSomething(command, events)) return
    set((s) => ({ done: [...s.done.slice(-(LIMIT - 1)), { command, undo: compensationOf(command, events, before) }], undone: [] }))
  },
  async undo() {
    const entry = get().done.at(-1)
    if (get().busy) return
    if (!entry) {
      toast({ kind: 'info', message: 'Nothing to undo.' })
      return
    }
    set((s) => ({ done: s.done.slice(0, -1) }))
    if (!entry.undo.ok) {
      toast({ kind: 'error', message: entry.undo.message, code: 'NO_COMPENSATING_COMMAND' })
      return
    }
    set({ busy: true })
    const result = await bridge().dispatch(entry.undo.command)
    set({ busy: false })
    if (!result.ok) {
      reject({ ...result.error, message: `Can't undo ${entry.command.command}: ${result.error.message}` })
      return
    }
    // The screens refresh on the compensating command's pushed events.
    set((s) => ({ undone: [...s.undone, entry.command] }))
    toast({ kind: 'info', message: `Undone ${entry.command.command}: ${entry.undo.label}.` })
  },
  async redo() {
    const command = get().undone.at(-1)
    if (get().busy) return
    if (!command) {
      toast({ kind: 'info', message: 'Nothing to redo.' })
      return
    }
    set((s) => ({ undone: s.undone.slice(0, -1), busy: true }))
    const before = beforeOf(command)
    // Sent again as a new command: the engine would take the old commandId for a retried duplicate.
    const { commandId: _old, ...again } = command
    const result = await bridge().dispatch(again)
    set({ busy: false })
    if (!result.ok) {
      reject({ ...result.error, message: `Can't redo ${command.command}: ${result.error.message}` })
      return
    }
    const undone = get().undone
    get().record(again, result.value.events, before)
    set({ undone })
    toast({ kind: 'info', message: `Redone ${command.command}.` })
  },
}))

/** Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl+Y redo; inside a text field the field's own undo wins. True when handled. */
export function undoKey(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return false
  const el = event.target as HTMLElement | null
  if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return false
  const key = event.key.toLowerCase()
  const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)
  if (key !== 'z' && !redo) return false
  event.preventDefault()
  void (redo ? useUndo.getState().redo() : useUndo.getState().undo())
  return true
}

// Electron's Edit menu (Undo / Redo) reaches the page as a `stormbook:menu` DOM event from the preload.
globalThis.addEventListener?.('stormbook:menu', (event: Event) => {
  const action = (event as CustomEvent<unknown>).detail
  if (action === 'undo') void useUndo.getState().undo()
  else if (action === 'redo') void useUndo.getState().redo()
})
