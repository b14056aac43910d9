import { z } from 'zod'
import { reject, type AggregateDefinition, type DecideContext, type DomainCommand, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { idSchema, positionSchema, textOf } from './fields.ts'

/** What the Bookmark aggregate remembers to decide: whether it is on the timeline now. `null` until placed. */
type BookmarkState = { placed: boolean } | null

const schemas = {
  PlaceBookmark: z.strictObject({ bookmarkId: idSchema, name: textOf(200), position: positionSchema }),
  RemoveBookmark: z.strictObject({ bookmarkId: idSchema }),
}
type Data<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>

/** Decides one Bookmark command: the rows of DOMAIN.md's Bookmark table. */
function decide(command: DomainCommand, state: BookmarkState, context: DecideContext): DomainEvent[] | Rejection {
  switch (command.type) {
    case 'PlaceBookmark': {
      const data = command.data as Data<'PlaceBookmark'>
      if (state?.placed) return reject('BOOKMARK_EXISTS', `bookmark ${data.bookmarkId} is already placed`, { bookmarkId: data.bookmarkId })
      const log = context.log
      if (log !== undefined && data.position > log.lastPosition) {
        return reject('UNKNOWN_ANCHOR', `position ${data.position} is beyond the log (last position ${log.lastPosition})`, { field: 'position', lastPosition: log.lastPosition })
      }
      return [{ type: 'BookmarkPlaced', data: { bookmarkId: data.bookmarkId, name: data.name, position: data.position } }]
    }
    case 'RemoveBookmark': {
      const data = command.data as Data<'RemoveBookmark'>
      if (!state?.placed) return reject('UNKNOWN_BOOKMARK', `no bookmark ${data.bookmarkId} on the timeline`)
      return [{ type: 'BookmarkRemoved', data: { bookmarkId: data.bookmarkId } }]
    }
    default:
      throw new Error(`Bookmark cannot handle ${command.type}`)
  }
}

/** Folds one Bookmark event into the state. */
function evolve(state: BookmarkState, event: DomainEvent): BookmarkState {
  switch (event.type) {
    case 'BookmarkPlaced':
      return { placed: true }
    case 'BookmarkRemoved':
      return { placed: false }
    default:
      return state
  }
}

const byBookmark = (data: Record<string, unknown>) => String(data.bookmarkId)

/** The Bookmark aggregate: a named point of the timeline a facilitator comes back to. */
export const Bookmark: AggregateDefinition<BookmarkState> = {
  name: 'Bookmark',
  decider: { initialState: null, decide, evolve },
  commands: {
    PlaceBookmark: { schema: schemas.PlaceBookmark, id: byBookmark },
    RemoveBookmark: { schema: schemas.RemoveBookmark, id: byBookmark },
  },
}
