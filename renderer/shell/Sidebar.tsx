import { features } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'

/** The screens, always one click away (each registered by its feature). */
export function Sidebar() {
  const screen = useWorkspace((s) => s.screen)
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="brand">⚡ Stormbook</div>
      {features().map((f, i) => (
        <button key={f.id} className={f.id === screen ? 'nav active' : 'nav'} aria-current={f.id === screen ? 'page' : undefined} onClick={() => useWorkspace.getState().go(f.id)} title={`${f.label} (${i + 1})`}>
          <span className="icon" aria-hidden>{f.icon}</span> {f.label}
        </button>
      ))}
    </nav>
  )
}
