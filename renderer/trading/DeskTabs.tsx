import { useRef, type KeyboardEvent, type ReactNode } from 'react'

/** One pane of the desk: its id, the tab's label (with an optional count), and what it shows. */
export interface DeskPane {
  id: string
  label: string
  count?: number
  render: () => ReactNode
}

/**
 * The desk's panes as tabs (WAI-ARIA tabs): one tab stop, the arrow keys, Home and End move between the
 * tabs and show the pane at once; only the pane shown is rendered.
 */
export function DeskTabs({ panes, current, onSelect }: { panes: DeskPane[]; current: string; onSelect: (id: string) => void }) {
  const list = useRef<HTMLDivElement>(null)
  const shown = panes.find((p) => p.id === current) ?? panes[0]
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = panes.indexOf(shown)
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? panes.length - 1 : null
    if (next === null) return
    e.preventDefault()
    const pane = panes[(next + panes.length) % panes.length]
    onSelect(pane.id)
    list.current?.querySelector<HTMLElement>(`#desk-tab-${pane.id}`)?.focus()
  }
  return (
    <div className="desk-tabs">
      <div ref={list} className="tab-list" role="tablist" aria-label="Desk" onKeyDown={onKeyDown}>
        {panes.map((p) => (
          <button key={p.id} id={`desk-tab-${p.id}`} type="button" role="tab" aria-selected={p === shown} aria-controls={`desk-pane-${p.id}`} tabIndex={p === shown ? 0 : -1}
            className={p === shown ? 'tab active' : 'tab'} onClick={() => onSelect(p.id)}>
            {p.label}{p.count !== undefined && <span className="tab-count">{p.count}</span>}
          </button>
        ))}
      </div>
      <div className="tab-pane" role="tabpanel" id={`desk-pane-${shown.id}`} aria-labelledby={`desk-tab-${shown.id}`}>
        {shown.render()}
      </div>
    </div>
  )
}
