import { useEffect, useMemo } from 'react'
import { causationChain } from '../../domain/storming/notation/causation.ts'
import { layoutStorm } from '../../domain/storming/notation/layout.ts'
import { paletteFrom } from '../../domain/storming/notation/palette.ts'
import type { StormColumn } from '../../domain/storming/notation/storm.ts'
import { useWorkspace } from '../workspace/store.ts'
import { BoardPanel } from './BoardPanel.tsx'
import { EventList } from './EventList.tsx'
import { filterChoices, NO_FILTERS, passes, type Filters } from './filters.ts'
import { Inspector } from './Inspector.tsx'
import { ReplayBar } from './ReplayBar.tsx'
import { ExportMenu } from './SpecAndExport.tsx'
import { StormCanvas } from './storm/StormCanvas.tsx'
import { StormDetails } from './storm/StormDetails.tsx'
import { StormLegend } from './storm/StormLegend.tsx'
import { stormOfWindow, useTimeline } from './store.ts'
import { useSuperseded } from './superseded.ts'

/** Whether a column matches the search text: its names, types, issuer and ids. */
function matches(column: StormColumn, text: string): boolean {
  if (text === '') return true
  const needle = text.toLowerCase()
  const hay = [column.command, column.aggregate, column.streamLabel, column.stream, column.issuer.name, column.context, column.correlationId, column.commandId, ...column.events.flatMap((e) => [e.type, e.id])]
  return hay.some((h) => h.toLowerCase().includes(needle))
}

const FILTER_LABELS: Record<Exclude<keyof Filters, 'since' | 'until'>, string> = { context: 'Context', aggregate: 'Aggregate', stream: 'Stream', issuer: 'Actor or policy', eventType: 'Event', correlation: 'Cascade' }

/** An ISO moment as a datetime-local field shows it (local time, to the minute). */
function toLocalInput(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/**
 * The Timeline: the log drawn as an event storm (time left to right, a column per command, in the
 * notation's colours) or as a list, with a replay cursor that shows every screen as of any moment.
 */
export function TimelineScreen() {
  const last = useWorkspace((s) => s.info?.lastPosition ?? 0)
  const settings = useWorkspace((s) => s.info?.settings)
  const cursor = useWorkspace((s) => s.viewingPosition)
  const { view, lanes, events, selected, cascadeOnly, search, filters, loading } = useTimeline()
  const palette = useMemo(() => paletteFrom(settings?.stormPalette), [settings])
  const superseded = useSuperseded(last)

  useEffect(() => {
    if (useTimeline.getState().events.length === 0 && last > 0) void useTimeline.getState().loadNewest()
  }, [last])

  const storm = useMemo(() => stormOfWindow(events), [events])
  const selectedColumn = selected === null ? undefined : storm.columns.find((c) => c.first === selected)
  const chain = useMemo(() => new Set(selectedColumn ? causationChain(storm.columns, selectedColumn.index) : []), [storm, selectedColumn])
  const shownColumns = useMemo(() => {
    let columns = storm.columns
    if (cascadeOnly && selectedColumn) columns = columns.filter((c) => c.correlationId === selectedColumn.correlationId)
    return columns.filter((c) => passes(c, filters) && matches(c, search.trim()))
  }, [storm, cascadeOnly, selectedColumn, search, filters])
  const choices = useMemo(() => filterChoices(storm.columns), [storm])
  // The layout numbers its columns left to right: keep the storm's own indexes for selection and chains.
  const layout = useMemo(() => {
    const laid = layoutStorm(shownColumns.map((c, i) => ({ ...c, index: i })), lanes, superseded)
    laid.columns.forEach((placed, i) => (placed.column = shownColumns[i]))
    return laid
  }, [shownColumns, lanes, superseded])
  const shownIndex = useMemo(() => new Map(layout.columns.map((p, i) => [p.column.index, i])), [layout])
  const litShown = useMemo(() => new Set([...chain].map((i) => shownIndex.get(i)).filter((i): i is number => i !== undefined)), [chain, shownIndex])
  const cursorColumn = cursor === null ? undefined : shownColumns.findLast((c) => c.first <= cursor)

  if (last === 0) return <div className="screen empty-state"><h2>The log is empty</h2><p>Every command the workspace accepts shows here as events, drawn as an event storm.</p></div>
  const t = useTimeline.getState()
  return (
    <div className="screen timeline-screen">
      <div className="timeline-head">
        <h2>Timeline <span className="muted">— {last.toLocaleString()} events</span></h2>
        <div className="tabs" role="tablist" aria-label="View">
          <button role="tab" className={`tab${view === 'storm' ? ' active' : ''}`} aria-selected={view === 'storm'} onClick={() => t.setView('storm')}>Storm</button>
          <button role="tab" className={`tab${view === 'list' ? ' active' : ''}`} aria-selected={view === 'list'} onClick={() => t.setView('list')}>List</button>
        </div>
        <ExportMenu shown={shownColumns} filtered={shownColumns.length !== storm.columns.length} selected={selectedColumn} lanes={lanes} />
        {view === 'storm' && (
          <>
            <label className="timeline-lanes">Lanes{' '}
              <select value={lanes} onChange={(e) => t.setLanes(e.target.value as 'context' | 'aggregate')}>
                <option value="context">by bounded context</option>
                <option value="aggregate">by aggregate</option>
              </select>
            </label>
            <label className="timeline-search">Search{' '}
              <input type="search" value={search} placeholder="name, event, id…" onChange={(e) => t.setSearch(e.target.value)} />
            </label>
            {loading && <span className="muted" role="status">Reading the log…</span>}
          </>
        )}
      </div>
      {view === 'storm' && (
        <div className="timeline-filters" role="group" aria-label="Filters">
          {(['context', 'aggregate', 'issuer', 'eventType'] as const).map((name) => (
            <label key={name}>{FILTER_LABELS[name]}{' '}
              <select value={filters[name]} onChange={(e) => t.setFilter(name, e.target.value)}>
                <option value="">all</option>
                {choices[name].map((v) => <option key={v} value={v}>{v}</option>)}
              </select>
            </label>
          ))}
          {(['stream', 'correlation'] as const).map((name) => (
            <label key={name}>{FILTER_LABELS[name]}{' '}
              <select value={filters[name]} onChange={(e) => t.setFilter(name, e.target.value)}>
                <option value="">all</option>
                {choices[name].map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </select>
            </label>
          ))}
          {(['since', 'until'] as const).map((name) => (
            <label key={name}>{name === 'since' ? 'Since' : 'Until'}{' '}
              <input type="datetime-local" value={filters[name] === '' ? '' : toLocalInput(filters[name])} onChange={(e) => t.setFilter(name, e.target.value === '' ? '' : new Date(e.target.value).toISOString())} />
            </label>
          ))}
          {Object.values(filters).some((v) => v !== '') && (
            <button type="button" className="small ghost" onClick={() => (Object.keys(NO_FILTERS) as (keyof Filters)[]).forEach((k) => t.setFilter(k, ''))}>Clear filters</button>
          )}
        </div>
      )}
      <ReplayBar columns={storm.columns} />
      {view === 'list' ? (
        <EventList />
      ) : (
        <>
          <StormLegend palette={palette} />
          <p className="muted timeline-window">
            Showing {storm.columns.length.toLocaleString()} commands (events {events[0]?.position ?? 0}–{events[events.length - 1]?.position ?? 0}){events[0]?.position > 1 ? '; scroll left for older ones' : ''}.
            {shownColumns.length !== storm.columns.length ? ` ${shownColumns.length} match.` : ''}
          </p>
          <div className="timeline-storm">
            <StormCanvas
              layout={layout}
              palette={palette}
              selected={selectedColumn ? (shownIndex.get(selectedColumn.index) ?? null) : null}
              chain={litShown}
              cursor={cursor}
              onSelect={(i) => t.select(layout.columns[i]?.column.first ?? null)}
              onReachStart={() => void t.loadOlder()}
              reveal={cursorColumn ? (shownIndex.get(cursorColumn.index) ?? null) : selectedColumn ? (shownIndex.get(selectedColumn.index) ?? null) : null}
            />
            {selectedColumn && <StormDetails column={selectedColumn} superseded={superseded} cascadeOnly={cascadeOnly} onCascadeOnly={(on) => t.setCascadeOnly(on)} onClose={() => t.select(null)} />}
          </div>
        </>
      )}
      <div className="timeline-panels">
        <BoardPanel storm={storm} selected={selectedColumn} />
        <Inspector selected={selectedColumn} names={storm.names} />
      </div>
    </div>
  )
}
