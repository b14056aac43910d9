import type { ComponentType } from 'react'

/** One entry of the command palette (and of the keys the app answers when it has `keys`). */
export interface Action {
  id: string
  label: string
  group: 'Screens' | 'Commands' | 'View' | 'Found'
  keys?: string
  /** Where it sits in the palette: lower first (screens 0, views 10, undo 20, commands 30–50, view toggles 90). */
  rank: number
  run(): void | Promise<void>
}

/** One line of the keyboard-shortcuts help, placed by rank. */
export interface Shortcut {
  keys: string
  what: string
  rank: number
}

/** What a feature brings to the app: its screen in the sidebar, its palette actions and shortcuts. */
export interface Feature {
  /** The screen's id (`useWorkspace().screen`). */
  id: string
  label: string
  icon: string
  /** Its place in the sidebar, and so its number key (1 for the first). */
  order: number
  Screen: ComponentType
  /** The feature's palette entries, as they fit now (called each time the palette or a key asks). */
  actions?(): Action[]
  shortcuts?: Shortcut[]
  /** Starts what the feature keeps current for the whole session (pushed events); returns the stop. */
  start?(): () => void
  /**
   * What the feature finds by name for the palette's text (deals, customers…), matched by the feature
   * itself; listed after the actions that match. Optional.
   */
  search?(text: string): Action[]
  /** Esc closes what the feature has open. */
  onEscape?(): void
  /** Keys of the feature's own screen while it is shown (outside text fields); true when it took the key. */
  onKey?(event: KeyboardEvent): boolean
}

const registered = new Map<string, Feature>()

/** A feature registers itself (the shell imports each feature's `feature.ts` once). */
export function registerFeature(feature: Feature): void {
  registered.set(feature.id, feature)
}

/** The registered features, in sidebar order. */
export function features(): Feature[] {
  return [...registered.values()].sort((a, b) => a.order - b.order)
}
