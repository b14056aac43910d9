import { isCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'

/**
 * A way out of a workspace that did not open, as the recovery dialog offers it: open it read-only, reset the
 * one setting at fault, take over another process's lock, or choose another folder.
 */
export type RecoveryAction = 'openReadOnly' | 'resetSetting' | 'takeOver' | 'chooseAnother'

/** Failures that opening read-only gets past (a damaged line, another writer's lock, a bad setting). */
const READ_ONLY_HELPS = new Set(['LOG_CORRUPT', 'WORKSPACE_LOCKED', 'SETTINGS_INVALID'])

/** The setting a SETTINGS_INVALID error names (`settings.marketSeed` → `marketSeed`), or undefined. */
export function settingAtFault(error: CodedError): string | undefined {
  const field = error.details?.field
  if (error.code !== 'SETTINGS_INVALID' || typeof field !== 'string') return undefined
  const match = /^settings\.([^.[\]]+)/.exec(field)
  return match ? match[1] : undefined
}

/** What may get a workspace open after this failure (always ending with `chooseAnother`). */
export function recoveryActions(error: CodedError, readOnly: boolean): RecoveryAction[] {
  const actions: RecoveryAction[] = []
  if (!readOnly && READ_ONLY_HELPS.has(error.code)) actions.push('openReadOnly')
  if (settingAtFault(error) !== undefined) actions.push('resetSetting')
  if (!readOnly && error.code === 'WORKSPACE_LOCKED') actions.push('takeOver')
  actions.push('chooseAnother')
  return actions
}

/**
 * Why a workspace could not be opened, as every call of its window answers it: the store's code and words,
 * plus `details.path`, `details.readOnly` and `details.actions` (see RecoveryAction).
 */
export function openFailure(error: unknown, dir: string, readOnly: boolean): CodedError {
  const base: CodedError = isCodedError(error)
    ? { code: error.code, message: error.message, details: error.details ?? {} }
    : { code: 'WORKSPACE_UNREADABLE', message: `The workspace at ${dir} could not be read: ${error instanceof Error ? error.message : String(error)}`, details: {} }
  return { code: base.code, message: base.message, details: { ...base.details, path: dir, readOnly, actions: recoveryActions(base, readOnly) } }
}
