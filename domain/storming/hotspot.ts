import { z } from 'zod'
import { reject, type AggregateDefinition, type DecideContext, type DomainCommand, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { anchorSchema, idSchema, textOf, type Anchor } from './fields.ts'

/** What the Hotspot aggregate remembers to decide: that it exists, and whether it is open. */
type HotspotState = { status: 'open' | 'resolved' } | null

const schemas = {
  RaiseHotspot: z.strictObject({ hotspotId: idSchema, text: textOf(500), anchor: anchorSchema }),
  ResolveHotspot: z.strictObject({ hotspotId: idSchema, resolution: textOf(500) }),
  ReopenHotspot: z.strictObject({ hotspotId: idSchema, reason: textOf(500).optional() }),
}
type Data<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>

/** An anchor the log does not hold, when the engine says what the log holds (DecideContext.log): else undefined. */
function unknownAnchor(anchor: Anchor, context: DecideContext): Rejection | undefined {
  const log = context.log
  if (log === undefined) return undefined
  if ('eventId' in anchor) {
    return log.hasEvent(anchor.eventId) ? undefined : reject('UNKNOWN_ANCHOR', `there is no event ${anchor.eventId} in the log`, { field: 'anchor.eventId' })
  }
  return anchor.position <= log.lastPosition
    ? undefined
    : reject('UNKNOWN_ANCHOR', `position ${anchor.position} is beyond the log (last position ${log.lastPosition})`, { field: 'anchor.position', lastPosition: log.lastPosition })
}

/** Decides one Hotspot command: the rows of DOMAIN.md's Hotspot table. */
function decide(command: DomainCommand, state: HotspotState, context: DecideContext): DomainEvent[] | Rejection {
  switch (command.type) {
    case 'RaiseHotspot': {
      const data = command.data as Data<'RaiseHotspot'>
      if (state !== null) return reject('HOTSPOT_EXISTS', `hotspot ${data.hotspotId} was already raised`, { hotspotId: data.hotspotId })
      const unknown = unknownAnchor(data.anchor, context)
      if (unknown) return unknown
      return [{ type: 'HotspotRaised', data: { hotspotId: data.hotspotId, text: data.text, anchor: data.anchor } }]
    }
    case 'ResolveHotspot': {
      const data = command.data as Data<'ResolveHotspot'>
      if (state === null) return reject('UNKNOWN_HOTSPOT', `no hotspot ${data.hotspotId}`)
      if (state.status === 'resolved') return []
      return [{ type: 'HotspotResolved', data: { hotspotId: data.hotspotId, resolution: data.resolution } }]
    }
    case 'ReopenHotspot': {
      const data = command.data as Data<'ReopenHotspot'>
      if (state === null) return reject('UNKNOWN_HOTSPOT', `no hotspot ${data.hotspotId}`)
      if (state.status === 'open') return reject('HOTSPOT_OPEN', `hotspot ${data.hotspotId} is open: only a resolved hotspot is reopened`)
      return [{ type: 'HotspotReopened', data: { hotspotId: data.hotspotId, reason: data.reason ?? null } }]
    }
    default:
      throw new Error(`Hotspot cannot handle ${command.type}`)
  }
}

/** Folds one Hotspot event into the state. */
function evolve(state: HotspotState, event: DomainEvent): HotspotState {
  switch (event.type) {
    case 'HotspotRaised':
    case 'HotspotReopened':
      return { status: 'open' }
    case 'HotspotResolved':
      return { status: 'resolved' }
    default:
      return state
  }
}

const byHotspot = (data: Record<string, unknown>) => String(data.hotspotId)

/** The Hotspot aggregate (the neon-pink sticky): a question pinned to a point of the timeline, open until resolved. */
export const Hotspot: AggregateDefinition<HotspotState> = {
  name: 'Hotspot',
  decider: { initialState: null, decide, evolve },
  commands: {
    RaiseHotspot: { schema: schemas.RaiseHotspot, id: byHotspot },
    ResolveHotspot: { schema: schemas.ResolveHotspot, id: byHotspot },
    ReopenHotspot: { schema: schemas.ReopenHotspot, id: byHotspot },
  },
}
