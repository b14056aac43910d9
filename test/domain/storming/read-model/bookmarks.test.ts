import { describe, it } from 'vitest'
import { storming } from '../../../../domain/storming/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { StormingLog } from '../fixtures.ts'

const at = '2027-01-04T09:00:00.000Z'
const place = (bookmarkId: string, name: string, position: number) => ({ type: 'BookmarkPlaced', data: { bookmarkId, name, position } })

describe('Bookmarks', () => {
  it('lists the bookmarks on the timeline by position, those at one position in the order placed; removed ones are gone', () => {
    const log = new StormingLog()
      .append('Bookmark-b1', place('b1', 'Deal won', 9), at)
      .append('Bookmark-b2', place('b2', 'Start', 1), at)
      .append('Bookmark-b3', place('b3', 'Oops', 4), at)
      .append('Bookmark-b4', place('b4', 'Also start', 1), at)
      .append('Bookmark-b3', { type: 'BookmarkRemoved', data: { bookmarkId: 'b3' } }, at)
    givenLog(storming, log).whenQuery('Bookmarks').then([
      { bookmarkId: 'b2', name: 'Start', position: 1 },
      { bookmarkId: 'b4', name: 'Also start', position: 1 },
      { bookmarkId: 'b1', name: 'Deal won', position: 9 },
    ])
  })

  it('shows a bookmark placed again after its removal once, where it was placed last', () => {
    const log = new StormingLog()
      .append('Bookmark-b1', place('b1', 'First', 2), at)
      .append('Bookmark-b1', { type: 'BookmarkRemoved', data: { bookmarkId: 'b1' } }, at)
      .append('Bookmark-b1', place('b1', 'Second', 3), at)
    givenLog(storming, log, { checkpointAt: 2 }).whenQuery('Bookmarks').then([{ bookmarkId: 'b1', name: 'Second', position: 3 }])
  })
})
