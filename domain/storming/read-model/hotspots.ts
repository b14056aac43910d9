import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'
import type { Anchor } from '../fields.ts'

/** One row of the Hotspots read model. */
export interface HotspotRow {
  hotspotId: string
  text: string
  anchor: Anchor
  status: 'open' | 'resolved'
  raisedAt: string
  /** Once resolved (and until reopened): when, and how. */
  resolvedAt?: string
  resolution?: string
}

/** The Hotspots read model's state: every hotspot in the order raised (few: a facilitator's notes). */
interface HotspotsState {
  rows: HotspotRow[]
}

/** The Hotspots read model: the board's hotspots in the order raised, with their status. */
export const HotspotsProjection: Projection<HotspotsState> = {
  name: 'Hotspots',
  init: () => ({ rows: [] }),
  on: ['HotspotRaised', 'HotspotResolved', 'HotspotReopened'],
  apply(state, event) {
    const d = event.data as Record<string, any>
    if (event.type === 'HotspotRaised') {
      state.rows.push({ hotspotId: d.hotspotId, text: d.text, anchor: d.anchor, status: 'open', raisedAt: event.at })
      return state
    }
    const row = state.rows.find((r) => r.hotspotId === d.hotspotId)
    if (row === undefined) return state
    if (event.type === 'HotspotResolved') {
      row.status = 'resolved'
      row.resolvedAt = event.at
      row.resolution = d.resolution
    } else {
      row.status = 'open'
      delete row.resolvedAt
      delete row.resolution
    }
    return state
  },
  queries: {
    Hotspots: {
      params: z.strictObject({ status: z.enum(['open', 'resolved']).optional() }),
      run: (state, params): HotspotRow[] =>
        state.rows.filter((r) => params.status === undefined || r.status === params.status).map((r) => ({ ...r, anchor: { ...r.anchor } })),
    },
  },
}
