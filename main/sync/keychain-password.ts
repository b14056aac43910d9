import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { codedError, isCodedError } from '../../domain/kernel/coded-error.ts'

// Plain Node (the CLI's side): it never imports electron; it runs the app's Electron binary on the reader
// (main/electron/keychain-reader.ts).

/** How to start the keychain reader: a program and its arguments. */
export interface ReaderCommand {
  command: string
  args: string[]
}

/** The environment variable the reader takes the workspace folder from (keychain-reader.ts reads it). */
const WORKSPACE_ENV = 'STORMBOOK_KEYCHAIN_WORKSPACE'

/** What the CLI says when it has no password: the two ways to give one, then why the app could not. */
const HOW = 'set PGPASSWORD or save the password in the app (Settings ▸ Team sync)'

function missing(why: string, cause?: string): Error {
  return codedError('SYNC_PASSWORD_MISSING', `No password for the sync server: ${HOW}. ${why}`, { field: 'password', ...(cause ? { cause } : {}) })
}

/** The built reader, beside the app's main process (`npm run build:main`). */
const READER_SCRIPT = fileURLToPath(new URL('../../out/main/keychain-reader.cjs', import.meta.url))

/**
 * The Electron binary of the project's `electron` package, found as its index.js would (path.txt in dist/),
 * without requiring it: that would try to download a missing binary and print on stdout. Undefined when
 * the package or its binary is absent.
 */
function electronBinary(): string | undefined {
  let folder: string
  try {
    folder = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const pathFile = join(folder, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const relative = readFileSync(pathFile, 'utf8').trim()
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(folder, 'dist', relative)
  return existsSync(binary) ? binary : undefined
}

/**
 * The app's reader: the Electron binary of the project's `electron` package on the built reader script.
 * SYNC_PASSWORD_MISSING (in words) when Electron's binary is not installed or the reader is not built.
 */
export function appReader(script = READER_SCRIPT): ReaderCommand {
  const electron = electronBinary()
  if (!electron) throw missing('The app’s keychain cannot be read here: Electron’s binary is not installed.')
  if (!existsSync(script)) throw missing(`The app’s keychain cannot be read here: its reader is not built (npm run build:main makes ${script}).`)
  return { command: electron, args: [script] }
}

/**
 * The password the desktop app keeps (Electron's safeStorage) for a workspace, asked of the reader: the
 * folder goes in an environment variable, the answer comes back on the reader's stdout, a pipe only this
 * function reads (never argv, never printed). SYNC_PASSWORD_MISSING, in words, when the reader cannot start,
 * fails, takes longer than `timeoutMs`, or answers that no password is kept.
 */
export async function passwordFromApp(workspaceDir: string, given?: ReaderCommand, timeoutMs = 20_000): Promise<string> {
  const reader = given ?? appReader()
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, [WORKSPACE_ENV]: workspaceDir }
    delete env.ELECTRON_RUN_AS_NODE // the reader must run as the app, not as Node
    const child = spawn(reader.command, reader.args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(missing('The app’s keychain reader could not start.', error.message))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = out.split('\n').reverse().find((l) => l.startsWith('{'))
      let answer: unknown
      try {
        answer = line ? JSON.parse(line) : undefined
      } catch {
        answer = undefined
      }
      const a = answer as { ok?: unknown; password?: unknown; error?: unknown } | undefined
      if (a?.ok === true && typeof a.password === 'string') return resolve(a.password)
      if (a?.ok === false && isCodedError(a.error)) return reject(missing(a.error.message, a.error.code))
      const how = signal ? `was stopped (${signal}${signal === 'SIGKILL' ? `, no answer within ${timeoutMs / 1000} s` : ''})` : `exited with code ${code}`
      reject(missing(`The app’s keychain reader ${how} without an answer.`, err.trim().split('\n')[0] || undefined))
    })
  })
}
