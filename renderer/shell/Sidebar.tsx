import { History, Settings, SquareKanban, TrendingUp, Workflow, Zap, type LucideIcon } from 'lucide-react'
import { features } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'

/** The sidebar's icon of each screen the shell knows (lucide); a feature it does not know shows its own glyph. */
const SCREEN_ICONS: Readonly<Record<string, LucideIcon>> = {
  pipeline: SquareKanban,
  trading: TrendingUp,
  timeline: History,
  flows: Workflow,
  settings: Settings,
}

/** The screens, always one click away (each registered by its feature). */
export function Sidebar() {
  const screen = useWorkspace((s) => s.screen)
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="brand"><Zap size={16} aria-hidden className="brand-icon" /> Stormbook</div>
      {features().map((f, i) => {
        const Icon = Object.hasOwn(SCREEN_ICONS, f.id) ? SCREEN_ICONS[f.id] : undefined
        return (
          <button key={f.id} className={f.id === screen ? 'nav active' : 'nav'} aria-current={f.id === screen ? 'page' : undefined} onClick={() => useWorkspace.getState().go(f.id)} title={`${f.label} (${i + 1})`}>
            <span className="icon" aria-hidden>{Icon ? <Icon size={16} /> : f.icon}</span> {f.label}
          </button>
        )
      })}
    </nav>
  )
}
