import type { EventEnvelope } from '../../kernel/envelope.ts'
import { NameBook } from './names.ts'

/** Who issued a command: an actor (small yellow), a policy (lilac) or an external system (pink). */
export interface Issuer {
  kind: 'actor' | 'policy' | 'external'
  name: string
}

/** A hotspot (neon pink): a facilitator's question raised on the log, or a policy's command that was refused. */
export interface StormHotspot {
  /** The hotspot's id, or the id of the PolicyCommandRejected event. */
  id: string
  text: string
  status: 'open' | 'resolved'
  /** Raised by a facilitator (`RaiseHotspot`) or recorded by the engine (`PolicyCommandRejected`). */
  source: 'raised' | 'rejected'
  /** The log position it is pinned to. */
  position: number
}

/**
 * One command as drawn on the storm: who issued it, the command, the aggregate, the events it caused,
 * the read models its policy read, and any hotspot pinned to it. Columns run left to right in log order.
 */
export interface StormColumn {
  /** Its place, left to right (0-based). */
  index: number
  commandId: string
  command: string
  context: string
  aggregate: string
  stream: string
  /** The aggregate instance as people say it ("Acme platform deal"). */
  streamLabel: string
  issuer: Issuer
  /** Read models (green) the issuing policy reads to decide. */
  readModels: readonly string[]
  events: EventEnvelope[]
  /** Positions of its first and last event. */
  first: number
  last: number
  at: string
  causationId: string
  correlationId: string
  hotspots: StormHotspot[]
}

/** Bookmarks a facilitator placed ("after the proposal"). */
export interface StormBookmark {
  bookmarkId: string
  name: string
  position: number
}

/** The log as an event storm: columns, plus the hotspots and bookmarks the storming context recorded. */
export interface Storm {
  columns: StormColumn[]
  hotspots: StormHotspot[]
  bookmarks: StormBookmark[]
  names: NameBook
}

/** How the notation reads a log. */
export interface NotationOptions {
  /** Actor names that stand for an external system, with the name drawn (defaults: EXTERNAL_SYSTEMS). */
  externalSystems?: Readonly<Record<string, string>>
  /** The read models each policy reads (from the registry), drawn as green stickies before its command. */
  policyReads?: Readonly<Record<string, readonly string[]>>
  /** Names from the whole log, when `events` is only a part of it (used as given: the caller fills it). */
  names?: NameBook
}

/**
 * The simulated external systems by the actor name their commands carry; `wire-system` is the person who
 * plays the wire system in a manual-wire flow.
 */
export const EXTERNAL_SYSTEMS: Readonly<Record<string, string>> = {
  TradeService: 'Trade service',
  WireSystem: 'Wire system',
  'wire-system': 'Wire system',
  SimulatedMarket: 'Market',
}

/** The storming context's own streams are drawn as hotspots and bookmarks, not as columns. */
const STORMING_AGGREGATES = new Set(['Hotspot', 'Bookmark'])

function issuerOf(event: EventEnvelope, external: Readonly<Record<string, string>>): Issuer {
  if (event.meta.policy) return { kind: 'policy', name: event.meta.policy }
  const actor = event.meta.actor ?? 'unknown'
  if (Object.hasOwn(external, actor)) return { kind: 'external', name: external[actor] }
  return { kind: 'actor', name: actor }
}

function anchorPosition(anchor: unknown, positionOf: ReadonlyMap<string, number>): number | undefined {
  if (typeof anchor !== 'object' || anchor === null) return undefined
  const a = anchor as { eventId?: unknown; position?: unknown }
  if (typeof a.position === 'number') return a.position
  if (typeof a.eventId === 'string') return positionOf.get(a.eventId)
  return undefined
}

/**
 * Reads a log (in position order) as an event storm: the events of one command make one column; a
 * refused policy command is a hotspot on its column; raised hotspots are pinned to the column of their
 * anchor, and bookmarks kept aside.
 */
export function stormOf(events: readonly EventEnvelope[], options: NotationOptions = {}): Storm {
  const external = options.externalSystems ?? EXTERNAL_SYSTEMS
  const reads = options.policyReads ?? {}
  const names = options.names ?? new NameBook().add(events)
  const columns: StormColumn[] = []
  const positionOf = new Map<string, number>()
  const raised = new Map<string, StormHotspot>()
  const bookmarks = new Map<string, StormBookmark>()
  let current: StormColumn | undefined

  for (const event of events) {
    positionOf.set(event.id, event.position)
    if (STORMING_AGGREGATES.has(event.meta.aggregate)) {
      current = undefined
      const d = event.data as Record<string, unknown>
      if (event.type === 'HotspotRaised') {
        const position = anchorPosition(d.anchor, positionOf) ?? event.position
        raised.set(String(d.hotspotId), { id: String(d.hotspotId), text: String(d.text ?? ''), status: 'open', source: 'raised', position })
      } else if (event.type === 'HotspotResolved' || event.type === 'HotspotReopened') {
        const hotspot = raised.get(String(d.hotspotId))
        if (hotspot) hotspot.status = event.type === 'HotspotResolved' ? 'resolved' : 'open'
      } else if (event.type === 'BookmarkPlaced') {
        bookmarks.set(String(d.bookmarkId), { bookmarkId: String(d.bookmarkId), name: String(d.name ?? ''), position: Number(d.position) })
      } else if (event.type === 'BookmarkRemoved') {
        bookmarks.delete(String(d.bookmarkId))
      }
      continue
    }
    if (current && current.commandId === event.meta.commandId && current.stream === event.stream) {
      current.events.push(event)
      current.last = event.position
      continue
    }
    const issuer = issuerOf(event, external)
    const rejected = event.type === 'PolicyCommandRejected'
    const d = event.data as Record<string, unknown>
    current = {
      index: columns.length,
      commandId: event.meta.commandId,
      command: event.meta.command,
      context: event.meta.context,
      aggregate: event.meta.aggregate,
      stream: event.stream,
      streamLabel: names.label(event.stream),
      issuer,
      readModels: issuer.kind === 'policy' ? (reads[issuer.name] ?? []) : [],
      events: [event],
      first: event.position,
      last: event.position,
      at: event.at,
      causationId: event.meta.causationId,
      correlationId: event.meta.correlationId,
      hotspots: rejected
        ? [{ id: event.id, text: `${String(d.command)} refused: ${String(d.message ?? d.code)} (${String(d.code)})`, status: 'open', source: 'rejected', position: event.position }]
        : [],
    }
    columns.push(current)
  }

  // Pin raised hotspots to the column that holds their anchor (or the nearest one before it).
  const hotspots = [...raised.values()]
  for (const hotspot of hotspots) {
    const column = columnAt(columns, hotspot.position)
    if (column) column.hotspots.push(hotspot)
  }
  for (const column of columns) for (const hotspot of column.hotspots) if (hotspot.source === 'rejected') hotspots.push(hotspot)
  hotspots.sort((a, b) => a.position - b.position)
  return { columns, hotspots, bookmarks: [...bookmarks.values()].sort((a, b) => a.position - b.position), names }
}

/** The column whose events hold `position`, or the last one before it (binary search). */
export function columnAt(columns: readonly StormColumn[], position: number): StormColumn | undefined {
  let lo = 0
  let hi = columns.length - 1
  let best: StormColumn | undefined
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (columns[mid].first <= position) {
      best = columns[mid]
      lo = mid + 1
    } else hi = mid - 1
  }
  return best
}
