import { v7 as uuidv7 } from 'uuid'
import { create } from 'zustand'
import type { BookmarkRow } from '../../domain/storming/read-model/bookmarks.ts'
import type { HotspotRow } from '../../domain/storming/read-model/hotspots.ts'
import { sendCommand, type CommandResult } from '../workspace/commands.ts'
import { queryValue } from '../workspace/queries.ts'
import { useWorkspace } from '../workspace/store.ts'

export type { BookmarkRow, HotspotRow }

/** The board beside the storm: the hotspots and bookmarks of the whole log (as of now, even while replaying). */
interface BoardState {
  hotspots: HotspotRow[]
  bookmarks: BookmarkRow[]
  load(): Promise<void>
  raise(text: string, eventId: string): Promise<CommandResult>
  resolve(hotspotId: string, resolution: string): Promise<CommandResult>
  reopen(hotspotId: string): Promise<CommandResult>
  place(name: string, position: number): Promise<CommandResult>
  remove(bookmarkId: string): Promise<CommandResult>
}

/** Storming commands annotate the log: they go through the one command path, also while replaying. */
function send(command: string, data: Record<string, unknown>): Promise<CommandResult> {
  return sendCommand({ command, data, actor: useWorkspace.getState().actor }, { whileReplaying: true, quiet: true, undoable: false })
}

export const useBoard = create<BoardState>()((set, get) => ({
  hotspots: [],
  bookmarks: [],
  async load() {
    const [hotspots, bookmarks] = await Promise.all([
      queryValue<HotspotRow[]>('Hotspots', {}, { now: true }),
      queryValue<BookmarkRow[]>('Bookmarks', {}, { now: true }),
    ])
    set({ ...(hotspots ? { hotspots } : {}), ...(bookmarks ? { bookmarks } : {}) })
  },
  raise: (text, eventId) => send('RaiseHotspot', { hotspotId: uuidv7(), text, anchor: { eventId } }).then(after(get)),
  resolve: (hotspotId, resolution) => send('ResolveHotspot', { hotspotId, resolution }).then(after(get)),
  reopen: (hotspotId) => send('ReopenHotspot', { hotspotId }).then(after(get)),
  place: (name, position) => send('PlaceBookmark', { bookmarkId: uuidv7(), name, position }).then(after(get)),
  remove: (bookmarkId) => send('RemoveBookmark', { bookmarkId }).then(after(get)),
}))

/** Reloads the board once a command was accepted (the pushed events do it too; this makes it prompt). */
function after(get: () => BoardState) {
  return async (result: CommandResult): Promise<CommandResult> => {
    if (result.ok) await get().load()
    return result
  }
}

/** Whether pushed events change the board. */
export function touchesBoard(types: readonly string[]): boolean {
  return types.some((t) => t.startsWith('Hotspot') || t.startsWith('Bookmark'))
}
