import { useEffect, useState } from 'react'
import { leafFields, type AggregateStateAnswer, type LogDiffAnswer } from './inspection-answers.ts'
import { formatMoney } from '../../domain/kernel/money-format.ts'
import type { NameBook } from '../../domain/storming/notation/names.ts'
import type { StormColumn } from '../../domain/storming/notation/storm.ts'
import { query } from '../workspace/queries.ts'
import { useWorkspace } from '../workspace/store.ts'
import { useBoard } from './board.ts'

const MONEY_FIELD = /amount|cash|price|balance|total|value|cost|fee|revenue|limit/i
const DECIMAL = /^-?\d+(\.\d+)?$/

/** A field's value as people read it: money formatted (by the field's own name, the last of its path), nothing as "—", lists as compact JSON. */
export function shownValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return MONEY_FIELD.test(field.slice(field.lastIndexOf('.') + 1)) && DECIMAL.test(value) ? formatMoney(value) : value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function FieldTable({ rows, caption }: { rows: { field: string; before?: unknown; after: unknown }[]; caption: string }) {
  const withBefore = rows.some((r) => 'before' in r)
  return (
    <table className="inspector-table">
      <caption className="sr-only">{caption}</caption>
      <thead><tr><th scope="col">Field</th>{withBefore && <th scope="col">Before</th>}<th scope="col">{withBefore ? 'After' : 'Value'}</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row">{r.field || '(state)'}</th>
            {withBefore && <td>{shownValue(r.field, r.before)}</td>}
            <td>{shownValue(r.field, r.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A diff in domain terms: each aggregate by name with its changed fields, then the events between. */
function DiffView({ diff, names, title }: { diff: LogDiffAnswer; names: NameBook; title: string }) {
  return (
    <div className="inspector-diff" data-testid="inspector-diff">
      <h4>{title}</h4>
      {diff.streams.length === 0 && <p className="muted">No aggregate changed.</p>}
      {diff.streams.map((s) => (
        <div key={s.stream} className="inspector-stream">
          <p><strong>{names.label(s.stream)}</strong> <span className="muted">{s.aggregate}{s.created ? ', new' : ''} (version {s.versionBefore} → {s.versionAfter})</span></p>
          {s.fields.length > 0 && <FieldTable rows={s.fields} caption={`${names.label(s.stream)}: fields before and after`} />}
          {s.moreFields ? <p className="muted">…and {s.moreFields.toLocaleString()} more changed {s.moreFields === 1 ? 'field' : 'fields'}.</p> : null}
        </div>
      ))}
      {diff.events.length > 0 && (
        <details>
          <summary>{diff.events.length.toLocaleString()} {diff.events.length === 1 ? 'event' : 'events'}{diff.truncated ? ' (the first ones)' : ''}</summary>
          <ol className="inspector-events">
            {diff.events.map((e) => <li key={e.id}>#{e.position} {e.type} <span className="muted">on {names.label(e.stream)}</span></li>)}
          </ol>
        </details>
      )}
    </div>
  )
}

/**
 * The inspector: the state of an aggregate at the cursor (the selected command's, by default), the change
 * the event at the cursor made, and a diff between any two positions, in domain terms.
 */
export function Inspector({ selected, names }: { selected: StormColumn | undefined; names: NameBook }) {
  const cursor = useWorkspace((s) => s.viewingPosition)
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  const bookmarks = useBoard((s) => s.bookmarks)
  const here = cursor ?? last
  const stream = selected?.stream
  const [state, setState] = useState<AggregateStateAnswer | string | null>(null)
  const [change, setChange] = useState<LogDiffAnswer | null>(null)
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [diff, setDiff] = useState<LogDiffAnswer | string | null>(null)

  useEffect(() => {
    let live = true
    if (stream === undefined) setState(null)
    else void query<AggregateStateAnswer>('AggregateState', { stream }).then((r) => live && setState(r.ok ? r.value : r.error.message))
    if (here < 1) setChange(null)
    else void query<LogDiffAnswer>('LogDiff', { from: here - 1, to: here }).then((r) => live && setChange(r.ok ? r.value : null))
    return () => void (live = false)
  }, [stream, here, last])

  const compare = async (event: React.FormEvent) => {
    event.preventDefault()
    const a = Number(from.replace(/[,\s]/g, ''))
    const b = Number(to.replace(/[,\s]/g, ''))
    const result = await query<LogDiffAnswer>('LogDiff', { from: Math.min(a, b), to: Math.max(a, b) })
    setDiff(result.ok ? result.value : `${result.error.message} (${result.error.code})`)
  }
  // every field down to the leaves of nested records, by its path: the diff of nothing to the state
  const stateRows = state && typeof state === 'object' && state.state && typeof state.state === 'object'
    ? leafFields(state.state)
    : []

  return (
    <section className="inspector" aria-labelledby="inspector-title" data-testid="inspector">
      <h3 id="inspector-title">Inspector <span className="muted">at event {here.toLocaleString()}</span></h3>
      <h4>{state && typeof state === 'object' ? `${names.label(state.stream)} (${state.aggregate})` : 'Aggregate'}</h4>
      {stream === undefined && <p className="muted">Select a command to see its aggregate as of the cursor.</p>}
      {typeof state === 'string' && <p className="field-error" role="alert">{state}</p>}
      {state && typeof state === 'object' && (state.version === 0
        ? <p className="muted">It does not exist yet at this point.</p>
        : <>
            <p className="muted">Version {state.version}{state.lastEvent ? `, last changed by ${state.lastEvent.type} (event ${state.lastEvent.position})` : ''}</p>
            <FieldTable rows={stateRows} caption={`${names.label(state.stream)} as of event ${here}`} />
          </>)}
      {change && <DiffView diff={change} names={names} title={`What event ${here.toLocaleString()} changed`} />}
      <form className="inspector-compare" onSubmit={(e) => void compare(e)}>
        <h4>Compare two positions</h4>
        <label>From <input value={from} inputMode="numeric" onChange={(e) => setFrom(e.target.value)} list="inspector-marks" /></label>
        <label>To <input value={to} inputMode="numeric" onChange={(e) => setTo(e.target.value)} list="inspector-marks" /></label>
        <datalist id="inspector-marks">
          <option value={String(here)}>the cursor</option>
          {bookmarks.map((b) => <option key={b.bookmarkId} value={String(b.position)}>{b.name}</option>)}
        </datalist>
        <button type="submit" className="small" disabled={from.trim() === '' || to.trim() === ''}>Compare</button>
      </form>
      {typeof diff === 'string' && <p className="field-error" role="alert">{diff}</p>}
      {diff && typeof diff === 'object' && <DiffView diff={diff} names={names} title={`From event ${diff.from.toLocaleString()} to ${diff.to.toLocaleString()}`} />}
    </section>
  )
}
