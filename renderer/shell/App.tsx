import { Keyboard, Moon, Sun } from 'lucide-react'
import { lazy, Suspense, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { isDesktop } from '../workspace/host.ts'
import { features } from '../workspace/registry.ts'
import { useWorkspace, watchWorkspace } from '../workspace/store.ts'
import './features.ts'
import { CommandPalette } from './CommandPalette.tsx'
import { onAppKey } from './keys.ts'
import { ShortcutsHelp } from './ShortcutsHelp.tsx'
import { Sidebar } from './Sidebar.tsx'
import { Toasts } from './Toasts.tsx'
import { OpenFailedScreen, OpeningScreen, ReadOnlyBanner } from './WorkspaceState.tsx'
import { RecordingIndicator } from './RecordingIndicator.tsx'
import { shellView } from './shell-view.ts'
import { ReplayBanner } from './ReplayBanner.tsx'
import { SyncStatusButton } from '../sync/SyncStatusButton.tsx'
import { useSync, watchSync } from '../workspace/sync.ts'

// Loaded when first opened: the first paint of the board does not wait for it.
const ConflictsPanel = lazy(() => import('../sync/ConflictsPanel.tsx').then((m) => ({ default: m.ConflictsPanel })))

/** The shell: sidebar, header with the workspace and its save state, the screen of the feature shown, and the overlays. */
export function App() {
  // Only what the shell shows: a pushed event (the last position moving) does not render it again.
  const { screen, theme, loadError, saving, progress, opened, name, readOnly, report } = useWorkspace(useShallow(shellView))
  const conflictsOpen = useSync((s) => s.conflictsOpen)
  const mode = isDesktop() ? 'desktop' : 'browser'

  useEffect(() => {
    // workspace.info was asked first (main.tsx: the host answers in the order asked, and the shell and the
    // board under it wait for it); the features' first queries follow, the board's before the others'.
    const stops = [watchWorkspace(), watchSync(), ...features().flatMap((f) => (f.start ? [f.start()] : []))]
    return () => stops.forEach((stop) => stop())
  }, [])

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  useEffect(() => {
    window.addEventListener('keydown', onAppKey)
    return () => window.removeEventListener('keydown', onAppKey)
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
  if (!opened || !report) return <OpeningScreen progress={progress} />

  const Screen = features().find((f) => f.id === screen)?.Screen
  return (
    <div className="shell">
      <Sidebar />
      <div className="main">
        <header className="topbar">
          <div className="workspace-name" data-testid="workspace-name">{name}</div>
          {readOnly && <span className="badge warn">read-only</span>}
          <div className="save-state" data-testid="save-state" aria-live="polite">
            {saving ? <><span className="dot saving" /> Saving…</> : <><span className="dot saved" /> Saved on disk</>}
          </div>
          <RecordingIndicator />
          <SyncStatusButton />
          <div className="spacer" />
          <button className="ghost" onClick={() => useWorkspace.getState().setPalette(true)} title="Command palette (Ctrl/⌘+K)">⌘K Commands</button>
          <button className="ghost" onClick={() => useWorkspace.getState().setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts"><Keyboard size={16} aria-hidden /></button>
          <button className="ghost" data-testid="theme-toggle" onClick={() => useWorkspace.getState().setTheme(theme === 'dark' ? 'light' : 'dark')} title="Light / dark theme (t)">
            {theme === 'dark' ? <><Sun size={14} aria-hidden /> Light</> : <><Moon size={14} aria-hidden /> Dark</>}
          </button>
        </header>
        <ReadOnlyBanner info={{ readOnly, report }} mode={mode} />
        <ReplayBanner />
        {report.tornFile && <div className="banner info">An unfinished write was found at the end of the log and moved aside to {report.tornFile}.</div>}
        {report.problems?.map((problem, i) => (
          <div key={i} className="banner info" role="status" data-testid="open-problem">{problem.message} <span className="muted">({problem.code})</span></div>
        ))}
        <main className="content">
          <Suspense fallback={<div className="muted" role="status">Loading…</div>}>
            {Screen && <Screen />}
          </Suspense>
        </main>
      </div>
      <Toasts />
      <CommandPalette />
      <ShortcutsHelp />
      {conflictsOpen && (
        <Suspense fallback={null}>
          <ConflictsPanel />
        </Suspense>
      )}
    </div>
  )
}
