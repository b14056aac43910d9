import type { StormColumn } from '../../../domain/storming/notation/storm.ts'
import { streamId } from '../../../domain/storming/notation/names.ts'
import { MakeSpec } from '../SpecAndExport.tsx'
import { SUPERSEDED_NOTE, SUPERSEDED_TITLE } from '../superseded.ts'

/** When, as people read it. */
function when(at: string): string {
  const date = new Date(at)
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString()
}

/**
 * The selected column in words: who issued which command to which aggregate (by name, with its id),
 * when, and each event with its payload and metadata (an event a team-sync rebase superseded says so).
 * "Only this cascade" hides the rest of the storm.
 */
export function StormDetails(props: { column: StormColumn; superseded: ReadonlySet<string>; cascadeOnly: boolean; onCascadeOnly(on: boolean): void; onClose(): void }) {
  const { column, cascadeOnly, superseded } = props
  const who = column.issuer.kind === 'actor' ? column.issuer.name : `${column.issuer.name} (${column.issuer.kind === 'policy' ? 'policy' : 'external system'})`
  return (
    <aside className="storm-details" aria-label="Details of the selected command" data-testid="storm-details">
      <header>
        <h3>{column.command} <span className="muted">on {column.streamLabel}</span></h3>
        <button type="button" className="ghost small" onClick={props.onClose} aria-label="Close the details">✕</button>
      </header>
      <dl>
        <dt>Issued by</dt><dd>{who}</dd>
        <dt>When</dt><dd>{when(column.at)}</dd>
        <dt>Aggregate</dt><dd>{column.aggregate} {column.streamLabel} <code>{streamId(column.stream)}</code></dd>
        <dt>Positions</dt><dd>{column.first === column.last ? column.first : `${column.first}–${column.last}`}</dd>
        {column.readModels.length > 0 && (<><dt>Read</dt><dd>{column.readModels.join(', ')}</dd></>)}
      </dl>
      <MakeSpec position={column.first} />
      <label className="storm-cascade-only">
        <input type="checkbox" checked={cascadeOnly} onChange={(e) => props.onCascadeOnly(e.target.checked)} /> Only this cascade
      </label>
      {column.hotspots.map((h) => (
        <p key={h.id} className="storm-hotspot-note" role="note">◆ {h.text} <span className="muted">({h.status})</span></p>
      ))}
      <h4>Events</h4>
      <ol className="storm-events">
        {column.events.map((e) => (
          <li key={e.id} className={superseded.has(e.id) ? 'superseded' : undefined}>
            <strong>{e.type}</strong> <span className="muted">#{e.position}, version {e.version}</span>
            {superseded.has(e.id) && <> <span className="badge" title={SUPERSEDED_TITLE}>superseded</span><p className="muted" data-testid="superseded-note">{SUPERSEDED_NOTE}</p></>}
            <pre>{JSON.stringify(e.data, null, 2)}</pre>
            <details>
              <summary>Metadata</summary>
              <dl className="storm-meta">
                <dt>Event id</dt><dd><code>{e.id}</code></dd>
                <dt>Command id</dt><dd><code>{e.meta.commandId}</code></dd>
                <dt>Caused by</dt><dd><code>{e.meta.causationId}</code></dd>
                <dt>Cascade</dt><dd><code>{e.meta.correlationId}</code></dd>
                <dt>Context</dt><dd>{e.meta.context}</dd>
              </dl>
            </details>
          </li>
        ))}
      </ol>
    </aside>
  )
}
