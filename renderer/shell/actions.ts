import { features, type Action, type Shortcut } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { useUndo } from '../workspace/undo.ts'
import './features.ts'

/** What the palette lists: every screen, then each feature's entries and the shell's own, in rank order. */
export function paletteActions(): Action[] {
  const workspace = useWorkspace.getState()
  const screens = features().map((f, i): Action => ({ id: `go-${f.id}`, label: `Go to ${f.label}`, group: 'Screens', keys: String(i + 1), rank: 0, run: () => workspace.go(f.id) }))
  const own: Action[] = [
    { id: 'undo', label: 'Undo the last command', group: 'Commands', keys: 'Ctrl/⌘+Z', rank: 20, run: () => useUndo.getState().undo() },
    { id: 'redo', label: 'Redo', group: 'Commands', keys: 'Ctrl/⌘+Shift+Z', rank: 20, run: () => useUndo.getState().redo() },
    { id: 'theme', label: `Switch to ${workspace.theme === 'dark' ? 'light' : 'dark'} theme`, group: 'View', keys: 't', rank: 90, run: () => workspace.setTheme(workspace.theme === 'dark' ? 'light' : 'dark') },
    { id: 'help', label: 'Keyboard shortcuts', group: 'View', keys: '?', rank: 90, run: () => workspace.setHelp(true) },
  ]
  // A stable sort: within a rank, the order given (screens, then features in sidebar order, then the shell's).
  return [...screens, ...features().flatMap((f) => f.actions?.() ?? []), ...own].sort((a, b) => a.rank - b.rank)
}

/** The keys the app answers, for the help panel. */
export function shortcuts(): Array<[string, string]> {
  const count = features().length
  const names = features().map((f) => f.label).join(', ')
  const own: Shortcut[] = [
    { keys: 'Ctrl/⌘ + K', what: 'Command palette: every screen and command', rank: 0 },
    { keys: '?', what: 'This help', rank: 1 },
    { keys: `1 – ${count}`, what: names, rank: 2 },
    { keys: 't', what: 'Light / dark theme', rank: 40 },
    { keys: 'Ctrl/⌘ + Z', what: 'Undo your last command (by its compensating command)', rank: 50 },
    { keys: 'Ctrl/⌘ + Shift + Z, Ctrl + Y', what: 'Redo', rank: 51 },
    { keys: 'Esc', what: 'Close a dialog or panel', rank: 90 },
  ]
  return [...own, ...features().flatMap((f) => f.shortcuts ?? [])].sort((a, b) => a.rank - b.rank).map((s) => [s.keys, s.what])
}
