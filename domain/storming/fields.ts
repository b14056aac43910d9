import { z } from 'zod'

// The schemas of the fields the Storming context's commands share.

/** An id chosen by the caller (UUIDv7 from the UI, readable ids in flows). */
export const idSchema = z.string().min(1, 'must not be empty')

/** A place in the event log: an event's position, from 1. */
export const positionSchema = z.number().int('must be a whole position in the log').min(1, 'must be a position in the log, from 1')

/** Free text of at most `max` characters, not blank. */
export function textOf(max: number) {
  return z.string().refine((v) => v.trim() !== '', 'must not be blank').refine((v) => v.length <= max, `must be at most ${max} characters`)
}

/** Where a hotspot is pinned on the timeline: an event (by id) or a position in the log. */
export const anchorSchema = z.union([z.strictObject({ eventId: idSchema }), z.strictObject({ position: positionSchema })], {
  error: 'must be {eventId} or {position}',
})

/** A hotspot's anchor: `{eventId}` or `{position}`. */
export type Anchor = z.output<typeof anchorSchema>
