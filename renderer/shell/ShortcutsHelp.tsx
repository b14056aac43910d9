import { useWorkspace } from '../workspace/store.ts'
import { shortcuts } from './actions.ts'

/** The keyboard shortcuts, listed (opened with ?). */
export function ShortcutsHelp() {
  const open = useWorkspace((s) => s.helpOpen)
  if (!open) return null
  return (
    <div className="overlay" onClick={() => useWorkspace.getState().setHelp(false)}>
      <div className="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="shortcuts">
          <tbody>
            {shortcuts().map(([keys, what]) => (
              <tr key={keys}><td><kbd>{keys}</kbd></td><td>{what}</td></tr>
            ))}
          </tbody>
        </table>
        <div className="actions"><button onClick={() => useWorkspace.getState().setHelp(false)}>Close</button></div>
      </div>
    </div>
  )
}
