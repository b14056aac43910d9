import type { BoundedContext } from '../kernel/index.ts'
import { Bookmark } from './bookmark.ts'
import { Hotspot } from './hotspot.ts'
import { BookmarksProjection } from './read-model/bookmarks.ts'
import { HotspotsProjection } from './read-model/hotspots.ts'

/** The Storming bounded context (the board): hotspots and bookmarks a facilitator pins to the timeline. */
export const storming: BoundedContext = {
  name: 'storming',
  aggregates: [Hotspot, Bookmark],
  policies: [],
  projections: [HotspotsProjection, BookmarksProjection],
}
