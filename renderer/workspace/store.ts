import { create } from 'zustand'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { OpenProgress, WorkspaceInfo } from '../../main/ipc/contract.ts'
import { onOpenProgress, onPushedEvents, onWritesInFlight, workspaceInfo } from './host.ts'

/** Light or dark. */
export type Theme = 'light' | 'dark'

/** The app's state under every feature: the workspace, the save indicator, the screen, the overlays, the viewing position. */
interface WorkspaceState {
  info: WorkspaceInfo | null
  loadError: CodedError | null
  /** How far opening the workspace has got, while `info` has not answered (when the host reports it). */
  progress: OpenProgress | null
  saving: boolean
  /** The id of the feature whose screen is shown (features register under their id). */
  screen: string
  theme: Theme
  paletteOpen: boolean
  helpOpen: boolean
  /** The rep's name, sent as the actor of every sales command. */
  actor: string
  /** The log position the screens are looking at (replay); null = now. Every query adds it as `asOf`. */
  viewingPosition: number | null
  /** When the event at the viewing position happened (the replay banner says it), when known. */
  viewingAt: string | null
  load(): Promise<void>
  go(screen: string): void
  setTheme(theme: Theme): void
  setPalette(open: boolean): void
  setHelp(open: boolean): void
  /** Replays as of `position` (null: back to now); `at` is the time of the event there, when known. */
  setViewingPosition(position: number | null, at?: string | null): void
}

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem('stormbook.theme')
    if (saved === 'light' || saved === 'dark') return saved
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  info: null,
  loadError: null,
  progress: null,
  saving: false,
  screen: 'pipeline',
  theme: initialTheme(),
  paletteOpen: false,
  helpOpen: false,
  actor: 'rep',
  viewingPosition: null,
  viewingAt: null,
  async load() {
    const result = await workspaceInfo()
    if (result.ok) {
      const actor = typeof result.value.settings.actor === 'string' ? result.value.settings.actor : get().actor
      set({ info: result.value, loadError: null, progress: null, actor })
    } else set({ loadError: result.error, progress: null })
  },
  go: (screen) => set({ screen, paletteOpen: false }),
  setTheme(theme) {
    try {
      globalThis.localStorage?.setItem('stormbook.theme', theme)
    } catch {
      // private mode: the theme lasts this session
    }
    set({ theme })
  },
  setPalette: (paletteOpen) => set({ paletteOpen, helpOpen: false }),
  setHelp: (helpOpen) => set({ helpOpen, paletteOpen: false }),
  setViewingPosition: (viewingPosition, at = null) => set({ viewingPosition, viewingAt: viewingPosition === null ? null : at }),
}))

/** Calls `listener` whenever the viewing position changes (the feature stores query again). */
export function onViewingPosition(listener: (position: number | null) => void): () => void {
  return useWorkspace.subscribe((state, previous) => {
    if (state.viewingPosition !== previous.viewingPosition) listener(state.viewingPosition)
  })
}

/** Wires the save indicator to the writes in flight, the opening progress, and the last position to pushed events. */
export function watchWorkspace(): () => void {
  const offBusy = onWritesInFlight((inFlight) => useWorkspace.setState({ saving: inFlight > 0 }))
  const offProgress = onOpenProgress((progress) => {
    const state = useWorkspace.getState()
    if (!state.info && !state.loadError) useWorkspace.setState({ progress })
  })
  // One update per pushed message, however many events it carries (the host sends a turn's commits as one),
  // and none when the position does not move. Only `info.lastPosition` changes: the shell does not render for it.
  const offEvents = onPushedEvents((events) => {
    const info = useWorkspace.getState().info
    const last = events.reduce((max, event) => Math.max(max, event.position), 0)
    if (info && last > info.lastPosition) useWorkspace.setState({ info: { ...info, lastPosition: last } })
  })
  return () => {
    offBusy()
    offProgress()
    offEvents()
  }
}
