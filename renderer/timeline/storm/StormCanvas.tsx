import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { columnsInView, GEOMETRY, type PlacedColumn, type StormLayout } from '../../../domain/storming/notation/layout.ts'
import type { Palette } from '../../../domain/storming/notation/palette.ts'
import { SUPERSEDED_TITLE } from '../superseded.ts'
import './storm.css'

/** What the storm canvas draws and how it answers. */
export interface StormCanvasProps {
  layout: StormLayout
  palette: Palette
  /** The selected column's index. */
  selected: number | null
  /** Columns whose causation chain is lit. */
  chain: ReadonlySet<number>
  /** The replay cursor (a log position): columns after it are the future, greyed. */
  cursor: number | null
  onSelect(index: number): void
  /** Scrolled near the left edge (older events may be loaded). */
  onReachStart?(): void
  /** Brings this column into view when it changes. */
  reveal?: number | null
}

/** Words for one column, read by a screen reader as the column's name. */
export function columnWords(placed: PlacedColumn): string {
  const c = placed.column
  const who = c.issuer.kind === 'actor' ? c.issuer.name : `${c.issuer.kind === 'policy' ? 'policy' : 'external system'} ${c.issuer.name}`
  const withdrawn = new Set(placed.stickies.filter((s) => s.superseded).map((s) => s.eventId))
  const events = c.events.filter((e) => e.type !== 'PolicyCommandRejected').map((e) => (withdrawn.has(e.id) ? `${e.type} (superseded)` : e.type)).join(', ')
  const hotspots = c.hotspots.length > 0 ? `; hotspot: ${c.hotspots.map((h) => h.text).join('; ')}` : ''
  return `${who}: ${c.command} on ${c.aggregate} ${c.streamLabel}${events ? ` → ${events}` : ''}${hotspots}`
}

const OVERSCAN = 600

/**
 * The log drawn in event-storming notation, time running left to right, lanes top to bottom. Only the
 * columns in view (and a margin) are in the DOM, so a storm of 100,000 events pans as one of a hundred.
 * Each column is one button: click or Enter selects it; Tab moves between them.
 */
export function StormCanvas(props: StormCanvasProps) {
  const { layout, palette, selected, chain, cursor, onSelect, onReachStart, reveal } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [view, setView] = useState({ left: 0, width: 1200 })
  const frame = useRef(0)

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const measure = () => setView({ left: el.scrollLeft, width: el.clientWidth })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const el = scroller.current
    if (!el || reveal === null || reveal === undefined) return
    const placed = layout.columns[reveal]
    if (!placed) return
    if (placed.x < el.scrollLeft + GEOMETRY.laneLabelWidth || placed.x + GEOMETRY.columnWidth > el.scrollLeft + el.clientWidth) {
      el.scrollLeft = Math.max(0, placed.x - el.clientWidth / 2)
    }
  }, [reveal, layout])

  const onScroll = () => {
    cancelAnimationFrame(frame.current)
    frame.current = requestAnimationFrame(() => {
      const el = scroller.current
      if (!el) return
      setView({ left: el.scrollLeft, width: el.clientWidth })
      if (el.scrollLeft < GEOMETRY.columnWidth * 4) onReachStart?.()
    })
  }

  // Drag to pan, as on a board.
  const drag = useRef<{ x: number; left: number } | null>(null)
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0 || (e.target as HTMLElement).closest('button')) return
    drag.current = { x: e.clientX, left: scroller.current?.scrollLeft ?? 0 }
  }
  const onPointerMove = (e: React.PointerEvent) => {
    if (!drag.current || !scroller.current) return
    scroller.current.scrollLeft = drag.current.left - (e.clientX - drag.current.x)
  }
  const endDrag = () => (drag.current = null)

  const shown = columnsInView(layout, view.left - OVERSCAN, view.left + view.width + OVERSCAN)
  return (
    <div className="storm" ref={scroller} onScroll={onScroll} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={endDrag} onPointerLeave={endDrag} data-testid="storm">
      <div className="storm-plane" style={{ width: layout.width, height: layout.height }} role="list" aria-label="Event storm: commands in log order">
        {layout.lanes.map((lane, i) => (
          <div key={lane.key} className={`storm-lane ${i % 2 ? 'odd' : 'even'}`} style={{ top: lane.top, height: lane.height, width: layout.width }} aria-hidden="true" />
        ))}
        {shown.map((placed) => {
          const c = placed.column
          const top = placed.stickies[0].y
          const bottom = placed.stickies.reduce((max, s) => Math.max(max, s.y + s.height), 0)
          const future = cursor !== null && c.first > cursor
          const lit = chain.has(c.index)
          return (
            <div role="listitem" className={`storm-cell${future ? ' future' : ''}`} key={c.commandId + c.first} style={{ position: 'absolute', left: placed.x - 4, top: top - 4, width: GEOMETRY.stickyWidth + 8, height: bottom - top + 8 }}>
              <button
                type="button"
                className={`storm-column${selected === c.index ? ' selected' : ''}${lit ? ' lit' : ''}${future ? ' future' : ''}`}
                data-column={c.index}
                data-testid="storm-column"
                aria-pressed={selected === c.index}
                aria-label={columnWords(placed)}
                onClick={() => onSelect(c.index)}
                title={columnWords(placed)}
              />
              {/* The stickies are drawn over the button, not in it: its name is the sentence, not their words. */}
              {placed.stickies.map((s, k) => (
                  <span
                    key={k}
                    className={`sticky ${s.kind}${s.superseded ? ' superseded' : ''}`}
                    data-kind={s.kind}
                    aria-hidden="true"
                    style={{ left: s.x - placed.x + 6, top: s.y - top + 6, width: s.width, height: s.height, background: palette[s.kind] }}
                    title={[s.label, s.detail, s.superseded && SUPERSEDED_TITLE].filter(Boolean).join(' — ')}
                  >
                    <span className="sticky-label">{s.label}</span>
                    {(s.detail || s.superseded) && (
                      <span className="sticky-detail">{s.detail}{s.superseded && <span className="sticky-badge" data-testid="storm-superseded">superseded</span>}</span>
                    )}
                  </span>
                ))}
            </div>
          )
        })}
      </div>
      <div className="storm-lane-labels" style={{ transform: `translateX(${view.left}px)`, height: layout.height }} aria-hidden="true">
        {layout.lanes.map((lane) => (
          <div key={lane.key} className="storm-lane-label" style={{ top: lane.top, height: lane.height }}>{lane.label}</div>
        ))}
      </div>
    </div>
  )
}
