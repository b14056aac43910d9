import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState } from 'react'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { readEvents } from '../workspace/host.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject } from '../workspace/toasts.ts'
import { MakeSpec } from './SpecAndExport.tsx'
import { pageLength, pageOf, pageStart, pagesToLoad, positionAt } from './pages.ts'
import { formatMoment } from '../workspace/dates.ts'
import { SUPERSEDED_NOTE, SUPERSEDED_TITLE, useSuperseded } from './superseded.ts'

const ROW_HEIGHT = 34

/**
 * The list view: the whole log, newest first: what happened, when, and who or which policy did it. Rows
 * are virtualized and their events are read a page at a time as they scroll into view, so a log of a
 * million events opens as fast as one of a hundred. "Go to" jumps to a position; a row shows its details
 * on click.
 */
export function EventList() {
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  const [pages, setPages] = useState<ReadonlyMap<number, EventEnvelope[]>>(new Map())
  const inflight = useRef(new Set<number>())
  const scroller = useRef<HTMLDivElement>(null)
  const [goTo, setGoTo] = useState('')
  const [goToError, setGoToError] = useState<string | null>(null)
  const [open, setOpen] = useState<EventEnvelope | null>(null)
  const virtual = useVirtualizer({ count: last, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })
  const items = virtual.getVirtualItems()
  const first = items[0]?.index ?? 0
  const lastIndex = items[items.length - 1]?.index ?? -1
  // Events a team-sync rebase superseded: still listed (the log is append-only), greyed and marked.
  const superseded = useSuperseded(last)

  // Reads the pages the visible rows need; a page read before the log grew is read again.
  useEffect(() => {
    if (last === 0 || lastIndex < 0) return
    const ready = (page: number) => inflight.current.has(page) || (pages.get(page)?.length ?? -1) >= pageLength(page, last)
    for (const page of pagesToLoad(last, first, lastIndex, ready)) {
      inflight.current.add(page)
      void readEvents(pageStart(page), pageStart(page) + pageLength(page, last) - 1).then((result) => {
        inflight.current.delete(page)
        if (!result.ok) {
          reject(result.error)
          return
        }
        setPages((map) => new Map(map).set(page, result.value))
      })
    }
  }, [last, first, lastIndex, pages])

  const jump = (event: React.FormEvent) => {
    event.preventDefault()
    const position = Number(goTo.trim())
    if (!Number.isInteger(position) || position < 1 || position > last) {
      setGoToError(`A position from 1 to ${last}.`)
      return
    }
    setGoToError(null)
    virtual.scrollToIndex(last - position, { align: 'center' })
  }

  return (
    <div className="timeline-list" role="region" aria-label="Events list">
      <div className="timeline-head">
        <span className="muted">{last.toLocaleString()} events, newest first</span>
        <form className="timeline-goto" onSubmit={jump}>
          <label>Go to position <input value={goTo} inputMode="numeric" onChange={(e) => setGoTo(e.target.value)} aria-invalid={goToError !== null} /></label>
          <button type="submit">Go</button>
          {goToError && <span className="field-error" role="alert">{goToError}</span>}
        </form>
      </div>
      <div className="table timeline-table" role="table" aria-label="Events, newest first" aria-rowcount={last} data-testid="timeline">
        <div role="rowgroup"><div className="timeline-row timeline-header" role="row">
          <span role="columnheader" className="num">#</span><span role="columnheader">Event</span><span role="columnheader">Stream</span>
          <span role="columnheader">When</span><span role="columnheader">Who</span>
        </div></div>
        <div className="timeline-body" ref={scroller} tabIndex={0} role="rowgroup" aria-label="Scroll the log">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="presentation">
            {items.map((item) => {
              const position = positionAt(last, item.index)
              const e = pages.get(pageOf(position))?.[position - pageStart(pageOf(position))]
              return (
                <div
                  key={position}
                  className={`timeline-row${e && superseded.has(e.id) ? ' superseded' : ''}`}
                  role="row"
                  aria-rowindex={item.index + 1}
                  data-testid="timeline-row"
                  aria-selected={open?.position === position}
                  onClick={() => e && setOpen(open?.position === position ? null : e)}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <span role="cell" className="num muted">{position}</span>
                  {e ? (
                    <>
                      <span role="cell">{e.type}{superseded.has(e.id) && <span className="badge" title={SUPERSEDED_TITLE}>superseded</span>}</span>
                      <span role="cell" className="muted">{e.stream}</span>
                      <span role="cell">{formatMoment(e.at)}</span>
                      <span role="cell">{e.meta.policy ? `policy ${e.meta.policy}` : (e.meta.actor ?? '')}</span>
                    </>
                  ) : (
                    <span role="cell" className="muted">…</span>
                  )}
                </div>
              )
            })}
          </div>
        </div>
      </div>
      {open && (
        <section className="timeline-row-details" aria-label={`Event ${open.position}`} data-testid="timeline-row-details">
          <header><strong>#{open.position} {open.type}</strong> <span className="muted">{open.stream}, version {open.version}</span>
            <button type="button" className="ghost small" onClick={() => setOpen(null)} aria-label="Close the details">✕</button></header>
          {superseded.has(open.id) && <p className="muted" data-testid="superseded-note">{SUPERSEDED_NOTE}</p>}
          <MakeSpec position={open.position} />
          <pre>{JSON.stringify({ data: open.data, meta: open.meta, id: open.id, at: open.at }, null, 2)}</pre>
        </section>
      )}
    </div>
  )
}
