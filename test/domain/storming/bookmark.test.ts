import { describe, it } from 'vitest'
import { Bookmark } from '../../../domain/storming/bookmark.ts'
import { given } from '../../support/gwt.ts'
import { withLog } from './fixtures.ts'

const placed = { type: 'BookmarkPlaced', data: { bookmarkId: 'b1', name: 'Deal won', position: 4 } }
const removed = { type: 'BookmarkRemoved', data: { bookmarkId: 'b1' } }

describe('PlaceBookmark', () => {
  it('places a named bookmark at a position of the log, the last one included', () => {
    given(Bookmark, [], withLog(4)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'Deal won', position: 4 }).then([placed])
  })

  it('rejects a bookmark id already placed with BOOKMARK_EXISTS', () => {
    given(Bookmark, [placed], withLog(9)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'Other', position: 2 }).thenRejects('BOOKMARK_EXISTS')
  })

  it('places a removed bookmark\'s id again', () => {
    given(Bookmark, [placed, removed], withLog(9)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'Back', position: 9 }).then(['BookmarkPlaced'])
  })

  it('rejects a position beyond the log with UNKNOWN_ANCHOR', () => {
    given(Bookmark, [], withLog(4)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'Later', position: 5 }).thenRejects('UNKNOWN_ANCHOR', 'position')
  })

  it('leaves the position unchecked when the engine gives no log', () => {
    given(Bookmark).when('PlaceBookmark', { bookmarkId: 'b1', name: 'Later', position: 500 }).then(['BookmarkPlaced'])
  })

  it('rejects a blank name or a position that is not a whole number from 1 with INVALID_COMMAND naming the field', () => {
    given(Bookmark, [], withLog(4)).when('PlaceBookmark', { bookmarkId: 'b1', name: ' ', position: 1 }).thenRejects('INVALID_COMMAND', 'name')
    given(Bookmark, [], withLog(4)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'x', position: 0 }).thenRejects('INVALID_COMMAND', 'position')
    given(Bookmark, [], withLog(4)).when('PlaceBookmark', { bookmarkId: 'b1', name: 'x', position: 1.5 }).thenRejects('INVALID_COMMAND', 'position')
  })
})

describe('RemoveBookmark', () => {
  it('removes a placed bookmark', () => {
    given(Bookmark, [placed]).when('RemoveBookmark', { bookmarkId: 'b1' }).then([removed])
  })

  it('rejects a bookmark never placed, or already removed, with UNKNOWN_BOOKMARK', () => {
    given(Bookmark).when('RemoveBookmark', { bookmarkId: 'b1' }).thenRejects('UNKNOWN_BOOKMARK')
    given(Bookmark, [placed, removed]).when('RemoveBookmark', { bookmarkId: 'b1' }).thenRejects('UNKNOWN_BOOKMARK')
  })
})
