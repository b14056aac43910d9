/**
 * The IPC channels between the main process and the preload. The preload imports only this file (a
 * sandboxed preload cannot load Node modules), so it holds names and nothing else.
 */

/** The renderer calls one method of the `stormbook` API (answered with an ApiResult, never a throw). */
export const CALL_CHANNEL = 'stormbook:call'

/** The main process pushes new events of the window's workspace. */
export const EVENTS_CHANNEL = 'stormbook:events'

/** The main process pushes the simulated market's quotes on every tick (no event: ticks never grow the log). */
export const QUOTES_CHANNEL = 'stormbook:quotes'

/** The main process reports how far opening the window's workspace has got: `{done, total}` bytes of its log. */
export const PROGRESS_CHANNEL = 'stormbook:progress'

/** The main process pushes the window's team sync status whenever it changes (the top bar's status). */
export const SYNC_CHANNEL = 'stormbook:sync'

/** The main process forwards a menu command the renderer carries out (undo, redo, the palette…). */
export const MENU_CHANNEL = 'stormbook:menu'

/** The menu commands the renderer hears, as `window` DOM events named `stormbook:menu` with the action as `detail`. */
export const MENU_ACTIONS = ['undo', 'redo', 'palette', 'shortcuts', 'timeline', 'flows-changed'] as const

/** One menu command for the renderer. */
export type MenuAction = (typeof MENU_ACTIONS)[number]

/** Whether a value is one of the menu commands (the preload forwards nothing else). */
export function isMenuAction(value: unknown): value is MenuAction {
  return typeof value === 'string' && (MENU_ACTIONS as readonly string[]).includes(value)
}
