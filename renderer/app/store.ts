import { create } from 'zustand'
import type { ApiError, OpenProgress, WorkspaceInfo } from '../../main/ipc/contract.ts'
import { bridge, onBusy } from '../bridge.ts'

/** The screens of the sidebar. */
export const SCREENS = ['pipeline', 'trading', 'timeline', 'flows', 'settings'] as const
export type Screen = (typeof SCREENS)[number]
export const SCREEN_LABELS: Record<Screen, string> = { pipeline: 'Pipeline', trading: 'Trading', timeline: 'Timeline', flows: 'Flows', settings: 'Settings' }

/** One message in the corner: every rejection shows here, in words, with its code. */
export interface Toast {
  id: number
  kind: 'error' | 'info'
  message: string
  code?: string
}

/** Light or dark. */
export type Theme = 'light' | 'dark'

/** The shell's state: the workspace, the save indicator, the screen, toasts and the overlays. */
interface AppState {
  info: WorkspaceInfo | null
  loadError: ApiError | null
  /** How far opening the workspace has got, while `info` has not answered (when the host reports it). */
  progress: OpenProgress | null
  saving: boolean
  screen: Screen
  theme: Theme
  toasts: Toast[]
  paletteOpen: boolean
  helpOpen: boolean
  /** The rep's name, sent as the actor of every command. */
  actor: string
  load(): Promise<void>
  go(screen: Screen): void
  setTheme(theme: Theme): void
  toast(toast: Omit<Toast, 'id'>): void
  reject(error: ApiError): void
  dismiss(id: number): void
  setPalette(open: boolean): void
  setHelp(open: boolean): void
}

let toastId = 0

function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem('stormbook.theme')
    if (saved === 'light' || saved === 'dark') return saved
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

export const useApp = create<AppState>()((set, get) => ({
  info: null,
  loadError: null,
  progress: null,
  saving: false,
  screen: 'pipeline',
  theme: initialTheme(),
  toasts: [],
  paletteOpen: false,
  helpOpen: false,
  actor: 'rep',
  async load() {
    let result: Awaited<ReturnType<ReturnType<typeof bridge>['workspace']['info']>>
    try {
      result = await bridge().workspace.info()
    } catch {
      // a bridge that throws is a bridge that cannot be reached; the screen says so in words
      result = { ok: false, error: { code: 'DISCONNECTED', message: 'Stormbook could not be reached.' } }
    }
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
  toast(toast) {
    const id = ++toastId
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...toast, id }] }))
    setTimeout(() => get().dismiss(id), toast.kind === 'error' ? 8000 : 4000)
  },
  reject: (error) => get().toast({ kind: 'error', message: error.message, code: error.code }),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setPalette: (paletteOpen) => set({ paletteOpen, helpOpen: false }),
  setHelp: (helpOpen) => set({ helpOpen, paletteOpen: false }),
}))

/** Wires the save indicator to the bridge's writes in flight and keeps the last position current. */
export function watchWorkspace(): () => void {
  const offBusy = onBusy((inFlight) => useApp.setState({ saving: inFlight > 0 }))
  const offProgress = bridge().workspace.onProgress?.((progress) => {
    const app = useApp.getState()
    if (!app.info && !app.loadError) useApp.setState({ progress })
  }) ?? (() => undefined)
  const offEvents = bridge().onEvents((events) => {
    const info = useApp.getState().info
    const last = events[events.length - 1]
    if (info && last) useApp.setState({ info: { ...info, lastPosition: Math.max(info.lastPosition, last.position) } })
  })
  return () => {
    offBusy()
    offProgress()
    offEvents()
  }
}
