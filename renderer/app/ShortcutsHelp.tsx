import { SHORTCUTS } from './actions.ts'
import { useApp } from './store.ts'

/** The keyboard shortcuts, listed (opened with ?). */
export function ShortcutsHelp() {
  const open = useApp((s) => s.helpOpen)
  if (!open) return null
  return (
    <div className="overlay" onClick={() => useApp.getState().setHelp(false)}>
      <div className="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}><td><kbd>{keys}</kbd></td><td>{what}</td></tr>
            ))}
          </tbody>
        </table>
        <div className="actions"><button onClick={() => useApp.getState().setHelp(false)}>Close</button></div>
      </div>
    </div>
  )
}
