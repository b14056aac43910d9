import { useState } from 'react'
import { features } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { paletteActions } from './actions.ts'

/** Ctrl/⌘+K: every screen and command, filtered as you type. */
export function CommandPalette() {
  const open = useWorkspace((s) => s.paletteOpen)
  if (!open) return null
  return <Palette />
}

function Palette() {
  const [text, setText] = useState('')
  const [index, setIndex] = useState(0)
  // Asked again at each render: what fits depends on every feature's state (the selected deal, the portfolios).
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  const matching = paletteActions().filter((a) => words.every((w) => a.label.toLowerCase().includes(w)))
  // What the features find by name (deals, customers) comes after the actions that match.
  const found = text.trim() ? features().flatMap((f) => f.search?.(text.trim()) ?? []) : []
  const list = [...matching, ...found]
  const run = (i: number) => {
    const action = list[i]
    if (!action) return
    useWorkspace.getState().setPalette(false)
    void action.run()
  }
  return (
    <div className="overlay" onClick={() => useWorkspace.getState().setPalette(false)}>
      <div className="palette" role="dialog" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          autoFocus
          aria-label="Search screens, commands, deals and customers"
          aria-controls="palette-results"
          placeholder="Type a screen or a command…"
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setIndex(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, list.length - 1))
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0))
            else if (e.key === 'Enter') run(index)
            else if (e.key === 'Escape') {
              // Esc closes the palette only, not the panel or dialog behind it.
              e.stopPropagation()
              useWorkspace.getState().setPalette(false)
            }
            else return
            e.preventDefault()
          }}
        />
        <ul role="listbox" id="palette-results" aria-label="Results">
          {list.map((a, i) => (
            <li key={a.id} role="option" aria-selected={i === index} className={i === index ? 'active' : ''} onMouseEnter={() => setIndex(i)} onClick={() => run(i)}>
              <span className="group">{a.group}</span> {a.label} {a.keys && <kbd>{a.keys}</kbd>}
            </li>
          ))}
          {list.length === 0 && <li className="muted">Nothing matches.</li>}
        </ul>
      </div>
    </div>
  )
}
