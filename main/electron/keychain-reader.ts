import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, safeStorage } from 'electron'
import { codedError, toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import { KEYCHAIN_FILE, openKeychain } from './keychain.ts'

/**
 * A tiny Electron program (`out/main/keychain-reader.cjs`, built by `build:main`) that tells the CLI the
 * password the desktop app keeps for a workspace. Electron's safeStorage alone can decrypt it, so
 * `stormbook sync <workspace>` (plain Node) runs this on the app's Electron binary when PGPASSWORD is unset.
 * The workspace comes in an environment variable; the answer goes out as one JSON line on stdout, a pipe
 * only the CLI reads: never argv, never a log.
 */

/**
 * The app's names: its userData folder and its entry in the OS keychain are found under its name, which is
 * package.json's `name` when run from the project (`npm start`) and electron-builder's `productName` when
 * installed. The first whose userData holds a keychain file is taken (else the first).
 */
export const APP_NAMES = ['stormbook', 'Stormbook'] as const

/** The name (and so userData) the reader takes: the first of APP_NAMES whose userData keeps passwords. */
function appName(): string {
  const appData = app.getPath('appData')
  return APP_NAMES.find((name) => existsSync(join(appData, name, KEYCHAIN_FILE))) ?? APP_NAMES[0]
}

/** The environment variable naming the workspace folder whose password is asked for. */
export const READER_WORKSPACE_ENV = 'STORMBOOK_KEYCHAIN_WORKSPACE'

/** What the reader answers on stdout: the password, or why not. */
export type ReaderAnswer = { ok: true; password: string } | { ok: false; error: CodedError }

/**
 * The password the app keeps for `workspaceDir`, as a ReaderAnswer: SYNC_KEYCHAIN_UNAVAILABLE when the OS
 * offers no decryption, SYNC_PASSWORD_NOT_KEPT when the app keeps none for this workspace (or cannot
 * decrypt it). Takes the app's name and userData first, so it reads the app's own file and keychain entry.
 */
export async function readKeptPassword(workspaceDir: string | undefined): Promise<ReaderAnswer> {
  try {
    if (!workspaceDir) throw codedError('USAGE', `the keychain reader needs the workspace folder in ${READER_WORKSPACE_ENV}`, { field: 'workspace' })
    const name = appName()
    app.setName(name)
    app.setPath('userData', join(app.getPath('appData'), name))
    await app.whenReady()
    if (!safeStorage.isEncryptionAvailable()) {
      throw codedError('SYNC_KEYCHAIN_UNAVAILABLE', 'This computer offers the app no keychain to decrypt the password with.')
    }
    const password = openKeychain(app.getPath('userData')).get(workspaceDir)
    if (password === undefined) throw codedError('SYNC_PASSWORD_NOT_KEPT', `The app keeps no password for ${workspaceDir}.`, { field: 'password' })
    return { ok: true, password }
  } catch (error) {
    return { ok: false, error: toCodedError(error) }
  }
}

const toStdout = (line: string) => new Promise<void>((done) => process.stdout.write(line, () => done()))

/** Runs the reader: answers on stdout (flushed), then quits (exit 0 whatever the answer; the answer says). */
export async function runKeychainReader(write: (line: string) => Promise<void> = toStdout): Promise<void> {
  app.dock?.hide()
  const answer = await readKeptPassword(process.env[READER_WORKSPACE_ENV])
  await write(JSON.stringify(answer) + '\n')
  app.exit(0)
}

// Started by the CLI on the Electron binary (never when imported by a test, where Electron is not running).
if (process.versions.electron && process.env[READER_WORKSPACE_ENV] !== undefined) void runKeychainReader()
