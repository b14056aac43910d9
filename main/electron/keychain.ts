import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { safeStorage } from 'electron'
import { codedError } from '../../domain/kernel/coded-error.ts'

/** The file in the app's userData that holds the sync passwords, encrypted by the OS keychain. */
export const KEYCHAIN_FILE = 'sync-passwords.json'

/** The team sync server passwords of the desktop app, one per workspace folder. */
export interface Keychain {
  /** The password kept for a workspace, or undefined (none kept, or the keychain cannot decrypt it). */
  get(workspaceDir: string): string | undefined
  /** Keeps a workspace's password (encrypted); an empty password forgets it. */
  set(workspaceDir: string, password: string): void
}

type Entries = Record<string, string>

function readEntries(path: string): Entries {
  if (!existsSync(path)) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Entries
  } catch {
    return {} // a damaged file only costs typing the password again
  }
}

/**
 * The keychain of the desktop app: each password is encrypted with Electron's safeStorage (the OS
 * keychain: Keychain on macOS, DPAPI on Windows, the Secret Service on Linux) and only its ciphertext is
 * written, to `sync-passwords.json` in the app's userData, never to the workspace folder (workspace.json,
 * sync.json). SYNC_KEYCHAIN_UNAVAILABLE when the OS offers no encryption: the password is not kept then.
 */
export function openKeychain(userData: string): Keychain {
  const path = join(userData, KEYCHAIN_FILE)
  return {
    get(workspaceDir) {
      const cipher = readEntries(path)[resolve(workspaceDir)]
      if (cipher === undefined || !safeStorage.isEncryptionAvailable()) return undefined
      try {
        return safeStorage.decryptString(Buffer.from(cipher, 'base64'))
      } catch {
        return undefined // encrypted by another OS user or keyring: ask for it again
      }
    },
    set(workspaceDir, password) {
      const entries = readEntries(path)
      const key = resolve(workspaceDir)
      if (password === '') delete entries[key]
      else {
        if (!safeStorage.isEncryptionAvailable()) {
          throw codedError('SYNC_KEYCHAIN_UNAVAILABLE', 'This computer offers no keychain to keep the password encrypted, so it was not kept. Start Stormbook with PGPASSWORD set instead.', { field: 'password' })
        }
        entries[key] = safeStorage.encryptString(password).toString('base64')
      }
      mkdirSync(dirname(path), { recursive: true })
      const temp = `${path}.tmp`
      writeFileSync(temp, JSON.stringify(entries, null, 2) + '\n', { mode: 0o600 })
      renameSync(temp, path)
    },
  }
}
