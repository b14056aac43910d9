import type { WorkspaceInfo } from '../../main/ipc/contract.ts'
import type { useWorkspace } from '../workspace/store.ts'

type State = ReturnType<typeof useWorkspace.getState>

/** What the shell shows of the workspace state: every field but the last position, which moves with each push. */
export interface ShellView {
  screen: string
  theme: State['theme']
  loadError: State['loadError']
  saving: boolean
  progress: State['progress']
  /** Whether workspace.info has answered. */
  opened: boolean
  name: string
  readOnly: boolean
  report: WorkspaceInfo['report'] | undefined
}

/**
 * The shell's selection (compared field by field, `useShallow`): a pushed event moves `info.lastPosition`
 * only, so the shell, and the screen under it, do not render again for it.
 */
export function shellView(s: State): ShellView {
  return {
    screen: s.screen,
    theme: s.theme,
    loadError: s.loadError,
    saving: s.saving,
    progress: s.progress,
    opened: s.info !== null,
    name: s.info?.name ?? '',
    readOnly: s.info?.readOnly ?? false,
    report: s.info?.report,
  }
}
