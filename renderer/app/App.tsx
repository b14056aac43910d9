import { lazy, Suspense, useEffect } from 'react'
import { PipelineScreen } from '../pipeline/PipelineScreen.tsx'
import { usePipeline, watchPipeline } from '../pipeline/store.ts'
import { actions } from './actions.ts'
import { CommandPalette } from './CommandPalette.tsx'
import { ShortcutsHelp } from './ShortcutsHelp.tsx'
import { Sidebar } from './Sidebar.tsx'
import { Toasts } from './Toasts.tsx'
import { isDesktop } from '../bridge.ts'
import { undoKey } from './undo.ts'
import { SCREENS, useApp, watchWorkspace } from './store.ts'
import { OpenFailedScreen, OpeningScreen, ReadOnlyBanner } from './WorkspaceState.tsx'

// The pipeline is the first screen; the others load when first shown, so the first paint parses less.
const TradingScreen = lazy(() => import('../trading/TradingScreen.tsx').then((m) => ({ default: m.TradingScreen })))
const TimelineScreen = lazy(() => import('../timeline/TimelineScreen.tsx').then((m) => ({ default: m.TimelineScreen })))
const FlowsScreen = lazy(() => import('../flows/FlowsScreen.tsx').then((m) => ({ default: m.FlowsScreen })))
const SettingsScreen = lazy(() => import('../settings/SettingsScreen.tsx').then((m) => ({ default: m.SettingsScreen })))

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** The shell: sidebar, header with the workspace and its save state, the screen, and the overlays. */
export function App() {
  const { screen, theme, info, loadError, saving, progress } = useApp()
  const mode = isDesktop() ? 'desktop' : 'browser'

  useEffect(() => {
    const offWorkspace = watchWorkspace()
    const offPipeline = watchPipeline()
    void useApp.getState().load()
    void usePipeline.getState().refresh()
    return () => {
      offWorkspace()
      offPipeline()
    }
  }, [])

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const app = useApp.getState()
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        app.setPalette(!app.paletteOpen)
        return
      }
      if (undoKey(event)) return
      if (event.key === 'Escape') {
        app.setPalette(false)
        app.setHelp(false)
        usePipeline.getState().openForm(null)
        return
      }
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey || app.paletteOpen) return
      const index = Number(event.key)
      if (index >= 1 && index <= SCREENS.length) app.go(SCREENS[index - 1])
      else {
        const action = actions().find((a) => a.keys === event.key)
        if (action) {
          event.preventDefault()
          void action.run()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // The workspace could not be opened: a full screen that says what is wrong and what can be done.
  if (loadError) {
    return (
      <>
        <OpenFailedScreen error={loadError} mode={mode} />
        <Toasts />
      </>
    )
  }
  // Until workspace.info answers: the loading screen (a progress bar when the host reports one).
  if (!info) return <OpeningScreen progress={progress} />

  return (
    <div className="shell">
      <Sidebar />
      <div className="main">
        <header className="topbar">
          <div className="workspace-name" data-testid="workspace-name">{info.name}</div>
          {info.readOnly && <span className="badge warn">read-only</span>}
          <div className="save-state" data-testid="save-state" aria-live="polite">
            {saving ? <><span className="dot saving" /> Saving…</> : <><span className="dot saved" /> Saved on disk</>}
          </div>
          <div className="spacer" />
          <button className="ghost" onClick={() => useApp.getState().setPalette(true)} title="Command palette (Ctrl/⌘+K)">⌘K Commands</button>
          <button className="ghost" onClick={() => useApp.getState().setHelp(true)} title="Keyboard shortcuts (?)">?</button>
          <button className="ghost" data-testid="theme-toggle" onClick={() => useApp.getState().setTheme(theme === 'dark' ? 'light' : 'dark')} title="Light / dark theme (t)">
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
        </header>
        <ReadOnlyBanner info={info} mode={mode} />
        {info.report.tornFile && <div className="banner info">An unfinished write was found at the end of the log and moved aside to {info.report.tornFile}.</div>}
        <main className="content">
          {screen === 'pipeline' && <PipelineScreen />}
          <Suspense fallback={<div className="muted" role="status">Loading…</div>}>
            {screen === 'trading' && <TradingScreen />}
            {screen === 'timeline' && <TimelineScreen />}
            {screen === 'flows' && <FlowsScreen />}
            {screen === 'settings' && <SettingsScreen />}
          </Suspense>
        </main>
      </div>
      <Toasts />
      <CommandPalette />
      <ShortcutsHelp />
    </div>
  )
}
