import { useMemo, useState } from 'react'
import { usePipeline } from '../pipeline/store.ts'
import { actions } from './actions.ts'
import { useApp } from './store.ts'

/** Ctrl/⌘+K: every screen and command, filtered as you type. */
export function CommandPalette() {
  const open = useApp((s) => s.paletteOpen)
  if (!open) return null
  return <Palette />
}

function Palette() {
  const [text, setText] = useState('')
  const [index, setIndex] = useState(0)
  const selected = usePipeline((s) => s.selected)
  const theme = useApp((s) => s.theme)
  const list = useMemo(() => {
    void selected
    void theme
    const words = text.toLowerCase().split(/\s+/).filter(Boolean)
    return actions().filter((a) => words.every((w) => a.label.toLowerCase().includes(w)))
  }, [text, selected, theme])
  const run = (i: number) => {
    const action = list[i]
    if (!action) return
    useApp.getState().setPalette(false)
    void action.run()
  }
  return (
    <div className="overlay" onClick={() => useApp.getState().setPalette(false)}>
      <div className="palette" role="dialog" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          autoFocus
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
            else return
            e.preventDefault()
          }}
        />
        <ul role="listbox">
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
