import { ChevronLeft, ChevronRight, Pause, Play, SkipBack, SkipForward } from 'lucide-react'
import { useState } from 'react'
import type { StormColumn } from '../../domain/storming/notation/storm.ts'
import { useWorkspace } from '../workspace/store.ts'
import { SPEEDS, useTimeline } from './store.ts'

/**
 * The replay cursor over the log: play and pause, a step by event or by command (its whole cascade), a
 * scrub slider with ticks at the commands, speed, and a jump to a position. Every screen shows the world
 * as of the cursor until "Back to now".
 */
export function ReplayBar({ columns }: { columns: readonly StormColumn[] }) {
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  const cursor = useWorkspace((s) => s.viewingPosition)
  const { playing, speed } = useTimeline()
  const [goTo, setGoTo] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [date, setDate] = useState('')
  const t = useTimeline.getState()
  const jump = (event: React.FormEvent) => {
    event.preventDefault()
    const position = Number(goTo.trim().replace(/[,\s]/g, ''))
    if (!Number.isInteger(position) || position < 1 || position > last) return setError(`A position from 1 to ${last.toLocaleString()}.`)
    setError(null)
    void t.seek(position).then(() => t.select(columns.findLast((c) => c.first <= position)?.first ?? null))
  }
  return (
    <div className="replay-bar" role="group" aria-label="Replay" data-testid="replay-bar">
      <button type="button" className="small" onClick={() => void t.stepCommand(-1)} title="Back one command (Shift+←)" aria-label="Back one command"><SkipBack size={16} aria-hidden /></button>
      <button type="button" className="small" onClick={() => void t.stepEvent(-1)} title="Back one event (←)" aria-label="Back one event"><ChevronLeft size={16} aria-hidden /></button>
      <button type="button" className="small primary" onClick={() => (playing ? t.pause() : t.play())} title="Play or pause (Space)" aria-label={playing ? 'Pause' : 'Play'}>{playing ? <Pause size={16} aria-hidden /> : <Play size={16} aria-hidden />}</button>
      <button type="button" className="small" onClick={() => void t.stepEvent(1)} title="Forward one event (→)" aria-label="Forward one event"><ChevronRight size={16} aria-hidden /></button>
      <button type="button" className="small" onClick={() => void t.stepCommand(1)} title="Forward one command (Shift+→)" aria-label="Forward one command"><SkipForward size={16} aria-hidden /></button>
      <label className="replay-speed">Speed{' '}
        <select value={speed} onChange={(e) => t.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s} events/s</option>)}
        </select>
      </label>
      <input
        type="range"
        className="replay-scrub"
        min={1}
        max={Math.max(1, last)}
        value={cursor ?? last}
        list={columns.length <= 400 ? 'replay-ticks' : undefined}
        aria-label="Replay cursor"
        aria-valuetext={cursor === null ? `now, event ${last} of ${last}` : `event ${cursor} of ${last}`}
        onChange={(e) => void t.seek(Number(e.target.value))}
      />
      {columns.length <= 400 && (
        <datalist id="replay-ticks">{columns.map((c) => <option key={c.first} value={c.first} />)}</datalist>
      )}
      <span className="replay-where" aria-live="polite">{cursor === null ? 'Now' : `Event ${cursor.toLocaleString()} of ${last.toLocaleString()}`}</span>
      <form className="timeline-goto" onSubmit={jump}>
        <label>Jump to position <input value={goTo} inputMode="numeric" onChange={(e) => setGoTo(e.target.value)} aria-invalid={error !== null} /></label>
        <button type="submit">Go</button>
        {error && <span className="field-error" role="alert">{error}</span>}
      </form>
      <form className="timeline-goto" onSubmit={(e) => (e.preventDefault(), date !== '' && void t.seekDate(new Date(date).toISOString()))}>
        <label>Jump to date <input type="datetime-local" value={date} onChange={(e) => setDate(e.target.value)} /></label>
        <button type="submit" disabled={date === ''}>Go</button>
      </form>
      {cursor !== null && <button type="button" onClick={() => useWorkspace.getState().setViewingPosition(null)}>Back to now</button>}
    </div>
  )
}
