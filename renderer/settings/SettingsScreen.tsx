import { useWorkspace } from '../workspace/store.ts'
import { SalesSettingsForm } from './SalesSettingsForm.tsx'
import { TeamSyncSettings } from './TeamSyncSettings.tsx'

/** The workspace, its folder, and the appearance. */
export function SettingsScreen() {
  const { info, theme } = useWorkspace()
  return (
    <div className="screen settings">
      <h2>Settings</h2>
      <dl>
        <dt>Workspace</dt><dd>{info?.name}</dd>
        <dt>Folder</dt><dd><code>{info?.dir ?? 'in memory'}</code></dd>
        <dt>Events</dt><dd>{info?.lastPosition}</dd>
        <dt>Mode</dt><dd>{info?.readOnly ? 'read-only' : 'read and write'}</dd>
        <dt>Theme</dt>
        <dd>
          <label><input type="radio" name="theme" checked={theme === 'light'} onChange={() => useWorkspace.getState().setTheme('light')} /> Light</label>{' '}
          <label><input type="radio" name="theme" checked={theme === 'dark'} onChange={() => useWorkspace.getState().setTheme('dark')} /> Dark</label>
        </dd>
      </dl>
      <SalesSettingsForm key={JSON.stringify(info?.settings ?? {})} />
      <TeamSyncSettings />
    </div>
  )
}
