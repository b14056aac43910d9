import { SCREENS, SCREEN_LABELS, useApp } from './store.ts'

const ICONS = { pipeline: '▤', trading: '↗', timeline: '☰', flows: '▶', settings: '⚙' } as const

/** The screens, always one click away. */
export function Sidebar() {
  const screen = useApp((s) => s.screen)
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="brand">⚡ Stormbook</div>
      {SCREENS.map((name, i) => (
        <button key={name} className={name === screen ? 'nav active' : 'nav'} aria-current={name === screen ? 'page' : undefined} onClick={() => useApp.getState().go(name)} title={`${SCREEN_LABELS[name]} (${i + 1})`}>
          <span className="icon" aria-hidden>{ICONS[name]}</span> {SCREEN_LABELS[name]}
        </button>
      ))}
    </nav>
  )
}
