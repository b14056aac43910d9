import { basename } from 'node:path'
import { dialog, type BrowserWindow } from 'electron'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { ask, chooseFolder, words } from './dialogs.ts'
import { settingAtFault, type RecoveryAction } from './open-failure.ts'

/** What the recovery dialog can do for the workspace that did not open (the windows keeper fills it in). */
export interface RecoveryChoices {
  /** The workspace's window (the dialog's parent; closed when another folder is chosen). */
  window: BrowserWindow | undefined
  /** Opens the workspace again in its window: read-only, or writable taking over another process's lock. */
  reopen(options: { readOnly: boolean; takeOver?: boolean }): Promise<void>
  /** Removes one setting from workspace.json (throws a coded error when it cannot). */
  resetSetting(key: string): void
  /** Opens another folder the user chose. */
  openRequested(dir: string): Promise<void>
}

const LABELS: Record<RecoveryAction, string> = {
  openReadOnly: 'Open Read-Only',
  resetSetting: 'Reset This Setting',
  takeOver: 'Take Over',
  chooseAnother: 'Choose Another…',
}

function explain(error: CodedError, actions: readonly RecoveryAction[]): string {
  const lines = [error.message, '', `(${error.code})`]
  const key = settingAtFault(error)
  if (actions.includes('resetSetting') && key) lines.push('', `Reset This Setting removes "${key}" from workspace.json, so its default applies, then opens the workspace.`)
  if (actions.includes('takeOver')) lines.push('', 'Take Over only if that Stormbook is no longer running (it crashed or hangs): two writers would damage the log.')
  return lines.join('\n')
}

/**
 * A workspace that did not open: its window shows why (every call answers the error), and this dialog
 * offers the ways out the error's `details.actions` name, then carries out the one chosen.
 */
export async function offerRecovery(dir: string, error: CodedError, choices: RecoveryChoices): Promise<void> {
  const named = Array.isArray(error.details?.actions) ? (error.details.actions as unknown[]) : []
  const actions = (Object.keys(LABELS) as RecoveryAction[]).filter((a) => named.includes(a))
  const answer = await ask({
    type: 'warning',
    message: `Stormbook cannot open ${basename(dir)}.`,
    detail: explain(error, actions),
    buttons: [...actions.map((a) => LABELS[a]), 'Not Now'],
  }, choices.window)
  if (answer === LABELS.openReadOnly) await choices.reopen({ readOnly: true })
  else if (answer === LABELS.takeOver) await choices.reopen({ readOnly: false, takeOver: true })
  else if (answer === LABELS.resetSetting) {
    const key = settingAtFault(error)
    if (key === undefined) return
    try {
      choices.resetSetting(key)
    } catch (failure) {
      dialog.showErrorBox('Reset This Setting', words(failure))
      return
    }
    await choices.reopen({ readOnly: false })
  } else if (answer === LABELS.chooseAnother) {
    const chosen = await chooseFolder('Open Workspace', 'Open', choices.window)
    if (chosen === null) return
    choices.window?.close()
    await choices.openRequested(chosen)
  }
}
