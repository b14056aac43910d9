import { create } from 'zustand'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { bridge } from '../bridge.ts'
import { changedSomething, compensation, type Before, type Compensation, type SentCommand } from '../pipeline/compensation.ts'
import { useApp } from './store.ts'

/** One command the rep sent, with what would take it back. */
export interface UndoEntry {
  command: SentCommand
  undo: Compensation
}

/** The rep's last commands: undo sends their compensating commands, redo sends the commands again. */
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

/** Called after each undo or redo so the screens reload (the pipeline registers its refresh). */
let afterChange: () => Promise<void> = async () => undefined
export function onUndoChange(refresh: () => Promise<void>): void {
  afterChange = refresh
}

/** Where the pipeline store says what it knew before a command (for a reopen's previous outcome). */
let beforeOf: (command: SentCommand) => Before = () => ({})
export function onUndoBefore(lookup: (command: SentCommand) => Before): void {
  beforeOf = lookup
}

export const useUndo = create<UndoState>()((set, get) => ({
  done: [],
  undone: [],
  busy: false,
  record(command, events, before) {
    if (!changedSomething(command, events)) return
    set((s) => ({ done: [...s.done.slice(-(LIMIT - 1)), { command, undo: compensation(command, events, before) }], undone: [] }))
  },
  async undo() {
    const app = useApp.getState()
    const entry = get().done.at(-1)
    if (get().busy) return
    if (!entry) {
      app.toast({ kind: 'info', message: 'Nothing to undo.' })
      return
    }
    set((s) => ({ done: s.done.slice(0, -1) }))
    if (!entry.undo.ok) {
      app.toast({ kind: 'error', message: entry.undo.message, code: 'NO_COMPENSATING_COMMAND' })
      return
    }
    set({ busy: true })
    const result = await bridge().dispatch(entry.undo.command)
    set({ busy: false })
    if (!result.ok) {
      app.reject({ ...result.error, message: `Can't undo ${entry.command.command}: ${result.error.message}` })
      return
    }
    set((s) => ({ undone: [...s.undone, entry.command] }))
    app.toast({ kind: 'info', message: `Undone ${entry.command.command}: ${entry.undo.label}.` })
    await afterChange()
  },
  async redo() {
    const app = useApp.getState()
    const command = get().undone.at(-1)
    if (get().busy) return
    if (!command) {
      app.toast({ kind: 'info', message: 'Nothing to redo.' })
      return
    }
    set((s) => ({ undone: s.undone.slice(0, -1), busy: true }))
    const before = beforeOf(command)
    // Sent again as a new command: the engine would take the old commandId for a retried duplicate.
    const { commandId: _old, ...again } = command
    const result = await bridge().dispatch(again)
    set({ busy: false })
    if (!result.ok) {
      app.reject({ ...result.error, message: `Can't redo ${command.command}: ${result.error.message}` })
      return
    }
    const undone = get().undone
    get().record(again, result.value.events, before)
    set({ undone })
    app.toast({ kind: 'info', message: `Redone ${command.command}.` })
    await afterChange()
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
