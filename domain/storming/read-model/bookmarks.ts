import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'

/** One row of the Bookmarks read model. */
export interface BookmarkRow {
  bookmarkId: string
  name: string
  position: number
}

/** The Bookmarks read model's state: the bookmarks on the timeline now, in the order placed. */
interface BookmarksState {
  rows: BookmarkRow[]
}

/** The Bookmarks read model: the timeline's bookmarks (removed ones gone), by position, then in the order placed. */
export const BookmarksProjection: Projection<BookmarksState> = {
  name: 'Bookmarks',
  init: () => ({ rows: [] }),
  on: ['BookmarkPlaced', 'BookmarkRemoved'],
  apply(state, event) {
    const d = event.data as Record<string, any>
    state.rows = state.rows.filter((r) => r.bookmarkId !== d.bookmarkId)
    if (event.type === 'BookmarkPlaced') state.rows.push({ bookmarkId: d.bookmarkId, name: d.name, position: d.position })
    return state
  },
  queries: {
    Bookmarks: {
      params: z.strictObject({}),
      // A stable sort: bookmarks at one position stay in the order placed.
      run: (state): BookmarkRow[] => state.rows.map((r) => ({ ...r })).sort((a, b) => a.position - b.position),
    },
  },
}
