import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { codedError } from '../../domain/kernel/coded-error.ts'
import { acquireLock } from '../store/lock.ts'

/**
 * Removes one setting from a workspace's workspace.json (the workspace then uses that setting's default):
 * "Reset This Setting" after SETTINGS_INVALID. Takes the workspace's lock while it writes (WORKSPACE_LOCKED
 * when another process has it open), rewrites the file whole (temp file, then rename) and changes nothing
 * else. SETTING_NOT_FOUND when the file has no such setting; WORKSPACE_INVALID when it cannot be read.
 */
export function resetSetting(dir: string, key: string, now: () => string): void {
  if (key === '' || key === '__proto__') throw codedError('SETTING_NOT_FOUND', `There is no setting "${key}" to reset.`, { field: `settings.${key}` })
  const release = acquireLock(dir, now)
  try {
    const path = join(dir, 'workspace.json')
    let document: { settings?: unknown }
    try {
      document = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw codedError('WORKSPACE_INVALID', `workspace.json could not be read: ${(error as Error).message}`, { field: 'workspace.json', path })
    }
    const settings = document?.settings
    if (typeof settings !== 'object' || settings === null || !Object.hasOwn(settings, key)) {
      throw codedError('SETTING_NOT_FOUND', `workspace.json has no setting "${key}" to reset.`, { field: `settings.${key}`, path })
    }
    delete (settings as Record<string, unknown>)[key]
    writeFileSync(`${path}.tmp`, JSON.stringify(document, null, 2))
    renameSync(`${path}.tmp`, path)
  } finally {
    release()
  }
}
