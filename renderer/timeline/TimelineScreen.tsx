import { useEffect, useState } from 'react'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { bridge } from '../bridge.ts'
import { useApp } from '../app/store.ts'

const PAGE = 200

/** The latest events of the log, newest first: what happened, when, and who or which policy did it. */
export function TimelineScreen() {
  const last = useApp((s) => s.info?.lastPosition ?? 0)
  const [events, setEvents] = useState<EventEnvelope[]>([])
  useEffect(() => {
    if (last === 0) return
    let live = true
    void bridge().workspace.events(Math.max(1, last - PAGE + 1), last).then((result) => {
      if (!live) return
      if (result.ok) setEvents([...result.value].reverse())
      else useApp.getState().reject(result.error)
    })
    return () => {
      live = false
    }
  }, [last])
  if (last === 0) return <div className="screen empty-state"><h2>The log is empty</h2><p>Every command the workspace accepts shows here as events.</p></div>
  return (
    <div className="screen">
      <h2>Timeline <span className="muted">— the last {events.length} of {last} events</span></h2>
      <table className="table" data-testid="timeline">
        <thead><tr><th className="num">#</th><th>Event</th><th>Stream</th><th>When</th><th>Who</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.position}>
              <td className="num muted">{e.position}</td><td>{e.type}</td><td className="muted">{e.stream}</td>
              <td>{new Date(e.at).toLocaleString()}</td><td>{e.meta.policy ? `policy ${e.meta.policy}` : (e.meta.actor ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
