import { features } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { undoKey } from '../workspace/undo.ts'
import { paletteActions } from './actions.ts'

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/**
 * The app's keys: Ctrl/⌘+K the palette, Ctrl/⌘+Z undo, Esc closes (the shell's overlays and each
 * feature's), a number shows a screen, and any palette action's key runs it (outside text fields).
 */
export function onAppKey(event: KeyboardEvent): void {
  const workspace = useWorkspace.getState()
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault()
    workspace.setPalette(!workspace.paletteOpen)
    return
  }
  if (undoKey(event)) return
  if (event.key === 'Escape') {
    const overlay = workspace.paletteOpen || workspace.helpOpen
    workspace.setPalette(false)
    workspace.setHelp(false)
    for (const feature of features()) feature.onEscape?.()
    // Esc leaves a replay ("Back to now") once nothing else is open.
    if (!overlay && workspace.viewingPosition !== null) workspace.setViewingPosition(null)
    return
  }
  if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey || workspace.paletteOpen) return
  const screens = features()
  const shown = screens.find((f) => f.id === workspace.screen)
  if (shown?.onKey?.(event)) {
    event.preventDefault()
    return
  }
  const index = Number(event.key)
  if (index >= 1 && index <= screens.length) workspace.go(screens[index - 1].id)
  else {
    const action = paletteActions().find((a) => a.keys === event.key)
    if (action) {
      event.preventDefault()
      void action.run()
    }
  }
}
