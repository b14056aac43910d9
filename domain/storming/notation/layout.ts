import type { StickyKind } from './palette.ts'
import type { StormColumn } from './storm.ts'

/** Lanes run by bounded context or by aggregate. */
export type LaneMode = 'context' | 'aggregate'

/** One sticky placed on the storm (pixels, from the storm's top left). */
export interface PlacedSticky {
  kind: StickyKind
  label: string
  /** A second line: the aggregate instance, an event's position. */
  detail?: string
  x: number
  y: number
  width: number
  height: number
  /** The event it stands for (events and hotspots from rejections). */
  eventId?: string
  position?: number
  /** An event a team-sync rebase superseded: drawn greyed and struck through, labelled "superseded". */
  superseded?: boolean
}

/** A horizontal band of the storm. */
export interface Lane {
  key: string
  label: string
  top: number
  height: number
}

/** A column placed in its lane. */
export interface PlacedColumn {
  column: StormColumn
  x: number
  lane: number
  stickies: PlacedSticky[]
}

/** The storm drawn: lanes, columns at their x, and the whole size. */
export interface StormLayout {
  lanes: Lane[]
  columns: PlacedColumn[]
  width: number
  height: number
}

/** Sizes of the drawing, in pixels. */
export const GEOMETRY = {
  columnWidth: 196,
  stickyWidth: 160,
  laneLabelWidth: 120,
  gap: 8,
  lanePadding: 12,
  heights: { actor: 30, policy: 40, external: 40, readModel: 30, command: 44, aggregate: 34, event: 44, hotspot: 40 } as Record<StickyKind, number>,
  /** Events drawn per column; the rest become "+N more events". */
  maxEvents: 4,
} as const

function laneKey(column: StormColumn, mode: LaneMode): { key: string; label: string } {
  if (mode === 'aggregate') return { key: `${column.context}/${column.aggregate}`, label: column.aggregate }
  return { key: column.context, label: column.context === 'engine' ? 'policies' : column.context.charAt(0).toUpperCase() + column.context.slice(1) }
}

/** The stickies of one column, top to bottom, at x and from y. */
function stackOf(column: StormColumn, x: number, superseded: ReadonlySet<string>): PlacedSticky[] {
  const w: number = GEOMETRY.stickyWidth
  const h = GEOMETRY.heights
  const out: PlacedSticky[] = []
  let y = 0
  const put = (sticky: Omit<PlacedSticky, 'x' | 'y' | 'width' | 'height'>, width: number = w) => {
    out.push({ ...sticky, x, y, width, height: h[sticky.kind] })
    y += h[sticky.kind] + GEOMETRY.gap
  }
  const issuer = column.issuer
  put({ kind: issuer.kind === 'actor' ? 'actor' : issuer.kind, label: issuer.name }, issuer.kind === 'actor' ? Math.round(w * 0.6) : w)
  for (const readModel of column.readModels) put({ kind: 'readModel', label: readModel })
  put({ kind: 'command', label: column.command })
  put({ kind: 'aggregate', label: column.aggregate, detail: column.streamLabel })
  const shown = column.events.length > GEOMETRY.maxEvents ? GEOMETRY.maxEvents - 1 : column.events.length
  for (const event of column.events.slice(0, shown)) {
    if (event.type === 'PolicyCommandRejected') continue
    put({ kind: 'event', label: event.type, detail: `#${event.position}`, eventId: event.id, position: event.position, ...(superseded.has(event.id) ? { superseded: true } : {}) })
  }
  if (shown < column.events.length) put({ kind: 'event', label: `+${column.events.length - shown} more events`, position: column.events[shown].position })
  for (const hotspot of column.hotspots) put({ kind: 'hotspot', label: hotspot.text, eventId: hotspot.source === 'rejected' ? hotspot.id : undefined, position: hotspot.position })
  return out
}

/**
 * Lays the storm out: time runs left to right (one column per command, in log order), lanes run by
 * context or aggregate in order of first appearance, each lane as tall as its tallest column. The events
 * whose ids are in `superseded` (withdrawn by a team-sync rebase, still in the log) are marked so.
 */
export function layoutStorm(columns: readonly StormColumn[], mode: LaneMode = 'context', superseded: ReadonlySet<string> = new Set()): StormLayout {
  const laneIndex = new Map<string, number>()
  const lanes: Array<{ key: string; label: string; height: number }> = []
  const placed: PlacedColumn[] = []
  columns.forEach((column, i) => {
    const { key, label } = laneKey(column, mode)
    let lane = laneIndex.get(key)
    if (lane === undefined) {
      lane = lanes.length
      laneIndex.set(key, lane)
      lanes.push({ key, label, height: 0 })
    }
    const x = GEOMETRY.laneLabelWidth + i * GEOMETRY.columnWidth + (GEOMETRY.columnWidth - GEOMETRY.stickyWidth) / 2
    const stickies = stackOf(column, x, superseded)
    const bottom = stickies.reduce((max, s) => Math.max(max, s.y + s.height), 0)
    lanes[lane].height = Math.max(lanes[lane].height, bottom + 2 * GEOMETRY.lanePadding)
    placed.push({ column, x, lane, stickies })
  })
  let top = 0
  const positioned: Lane[] = lanes.map((lane) => {
    const out = { ...lane, top }
    top += lane.height
    return out
  })
  for (const column of placed) for (const sticky of column.stickies) sticky.y += positioned[column.lane].top + GEOMETRY.lanePadding
  return { lanes: positioned, columns: placed, width: GEOMETRY.laneLabelWidth + columns.length * GEOMETRY.columnWidth, height: top }
}

/** The placed columns that cross the x range [from, to) (binary search: the storm may be very wide). */
export function columnsInView(layout: StormLayout, from: number, to: number): PlacedColumn[] {
  const first = Math.max(0, Math.floor((from - GEOMETRY.laneLabelWidth) / GEOMETRY.columnWidth))
  const last = Math.min(layout.columns.length - 1, Math.ceil((to - GEOMETRY.laneLabelWidth) / GEOMETRY.columnWidth))
  return last < first ? [] : layout.columns.slice(first, last + 1)
}
