import { useState } from 'react'
import type { Storm, StormColumn } from '../../domain/storming/notation/storm.ts'
import type { EventPositionAnswer } from './inspection-answers.ts'
import { query } from '../workspace/queries.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { useBoard, type HotspotRow } from './board.ts'
import { stormOfWindow, useTimeline } from './store.ts'

/** Where a hotspot is pinned, as far as the loaded part of the log tells (its anchor event there, or in the storm). */
function loadedPositionOf(hotspot: HotspotRow, storm: Storm): number | undefined {
  if ('position' in hotspot.anchor) return hotspot.anchor.position
  const eventId = hotspot.anchor.eventId
  const event = useTimeline.getState().events.find((e) => e.id === eventId)
  return event?.position ?? storm.hotspots.find((h) => h.id === hotspot.hotspotId)?.position
}

/** Where a hotspot is pinned: from the loaded part, else asked of the engine (an anchor far outside the window). */
async function positionOf(hotspot: HotspotRow, storm: Storm): Promise<number | undefined> {
  const known = loadedPositionOf(hotspot, storm)
  if (known !== undefined || 'position' in hotspot.anchor) return known
  const eventId = hotspot.anchor.eventId
  const answer = await query<EventPositionAnswer>('EventPosition', { eventId })
  if (!answer.ok) return void reject(answer.error)
  return answer.value.position ?? undefined
}

/** Moves the replay cursor to a position, loading the part of the log around it, and selects the command there. */
async function jumpTo(position: number | undefined): Promise<void> {
  if (position === undefined) return toast({ kind: 'info', message: 'The event this points at is not in the log.' })
  const t = useTimeline.getState()
  await t.seek(position)
  t.select(stormOfWindow(useTimeline.getState().events).columns.findLast((c) => c.first <= position)?.first ?? null)
}

function HotspotItem({ hotspot, storm, where }: { hotspot: HotspotRow; storm: Storm; where: string }) {
  const [resolving, setResolving] = useState(false)
  const [resolution, setResolution] = useState('')
  const board = useBoard.getState()
  const resolve = async (event: React.FormEvent) => {
    event.preventDefault()
    const result = await board.resolve(hotspot.hotspotId, resolution)
    if (!result.ok) return reject(result.error)
    setResolving(false)
    setResolution('')
  }
  return (
    <li className={`board-hotspot ${hotspot.status}`}>
      <p><span aria-hidden>◆ </span>{hotspot.text} <span className="badge">{hotspot.status}</span></p>
      <p className="muted">{where}{hotspot.resolution ? ` — resolved: ${hotspot.resolution}` : ''}</p>
      <div className="board-actions">
        <button type="button" className="small" onClick={() => void positionOf(hotspot, storm).then(jumpTo)}>Go to</button>
        {hotspot.status === 'open' && !resolving && <button type="button" className="small" onClick={() => setResolving(true)}>Resolve…</button>}
        {hotspot.status === 'resolved' && (
          <button type="button" className="small" onClick={() => void board.reopen(hotspot.hotspotId).then((r) => r.ok || reject(r.error))}>Reopen</button>
        )}
      </div>
      {resolving && (
        <form className="board-form" onSubmit={(e) => void resolve(e)}>
          <label>Resolution <input value={resolution} onChange={(e) => setResolution(e.target.value)} autoFocus /></label>
          <button type="submit" className="small primary">Resolve</button>
          <button type="button" className="small ghost" onClick={() => setResolving(false)}>Cancel</button>
        </form>
      )}
    </li>
  )
}

/**
 * The board beside the storm: hotspots (raised on the selected command, resolved, reopened, each a jump
 * to its place) and bookmarks (placed at the cursor, each a jump back to it). Both work while replaying:
 * they annotate the log, they do not change the business.
 */
export function BoardPanel({ storm, selected }: { storm: Storm; selected: StormColumn | undefined }) {
  const { hotspots, bookmarks } = useBoard()
  const cursor = useWorkspace((s) => s.viewingPosition)
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  const [text, setText] = useState('')
  const [name, setName] = useState('')
  const board = useBoard.getState()
  const here = cursor ?? last
  const raise = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!selected) return
    const result = await board.raise(text, selected.events[0].id)
    if (!result.ok) return reject(result.error)
    setText('')
  }
  const place = async (event: React.FormEvent) => {
    event.preventDefault()
    const result = await board.place(name, here)
    if (!result.ok) return reject(result.error)
    setName('')
  }
  const whereOf = (hotspot: HotspotRow) => {
    const position = loadedPositionOf(hotspot, storm)
    const column = position === undefined ? undefined : storm.columns.findLast((c) => c.first <= position)
    return column ? `on ${column.command} — ${column.streamLabel} (event ${position})` : position !== undefined ? `at event ${position}` : 'on an older event (Go to loads it)'
  }
  return (
    <section className="board-panel" aria-labelledby="board-hotspots">
      <h3 id="board-hotspots">Hotspots <span className="muted">({hotspots.filter((h) => h.status === 'open').length} open)</span></h3>
      <form className="board-form" onSubmit={(e) => void raise(e)}>
        <label>
          {selected ? `Raise on ${selected.command} — ${selected.streamLabel}` : 'Select a command to raise a hotspot on it'}
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="A question, a doubt…" disabled={!selected} />
        </label>
        <button type="submit" className="small" disabled={!selected || text.trim() === ''}>Raise hotspot</button>
      </form>
      {hotspots.length === 0 ? <p className="muted">No hotspots yet.</p> : (
        <ul className="board-list" aria-label="Hotspots">
          {hotspots.map((h) => <HotspotItem key={h.hotspotId} hotspot={h} storm={storm} where={whereOf(h)} />)}
        </ul>
      )}
      <h3>Bookmarks</h3>
      <form className="board-form" onSubmit={(e) => void place(e)}>
        <label>
          Bookmark event {here.toLocaleString()}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="After the proposal…" />
        </label>
        <button type="submit" className="small" disabled={name.trim() === '' || here < 1}>Place bookmark</button>
      </form>
      {bookmarks.length === 0 ? <p className="muted">No bookmarks yet.</p> : (
        <ul className="board-list" aria-label="Bookmarks">
          {bookmarks.map((b) => (
            <li key={b.bookmarkId}>
              <p>{b.name} <span className="muted">event {b.position.toLocaleString()}</span></p>
              <div className="board-actions">
                <button type="button" className="small" onClick={() => void jumpTo(b.position)} aria-label={`Go to ${b.name}`}>Go to</button>
                <button type="button" className="small ghost" onClick={() => void board.remove(b.bookmarkId).then((r) => r.ok || reject(r.error))} aria-label={`Remove ${b.name}`}>Remove</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
