import { beforeEach, describe, expect, it, vi } from 'vitest'
import { app } from 'electron'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KEYCHAIN_FILE, openKeychain } from '../../../main/electron/keychain.ts'
import { APP_NAMES, READER_WORKSPACE_ENV, readKeptPassword, runKeychainReader } from '../../../main/electron/keychain-reader.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake } from './fake-electron.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
})

describe('the keychain reader the CLI runs on the app\'s Electron', () => {
  it('answers the password the app keeps for the workspace, from the app\'s own userData and name', async () => {
    openKeychain(fake.userData).set('/work/north', 'correct horse')
    expect(await readKeptPassword('/work/north')).toEqual({ ok: true, password: 'correct horse' })
    expect(app.setName).toHaveBeenCalledWith(APP_NAMES[0])
    expect(app.setPath).toHaveBeenCalledWith('userData', join(fake.userData, 'stormbook'))
  })

  it('takes the installed app\'s name (productName) when only its userData keeps passwords', async () => {
    mkdirSync(join(fake.userData, 'Stormbook'))
    writeFileSync(join(fake.userData, 'Stormbook', KEYCHAIN_FILE), '{}')
    await readKeptPassword('/work/north')
    expect(app.setName).toHaveBeenCalledWith('Stormbook')
    expect(app.setPath).toHaveBeenCalledWith('userData', join(fake.userData, 'Stormbook'))
  })

  it('says so, with a code, when the app keeps no password for the workspace or the OS offers no keychain', async () => {
    openKeychain(fake.userData).set('/work/north', 'correct horse')
    expect(await readKeptPassword('/work/south')).toMatchObject({ ok: false, error: { code: 'SYNC_PASSWORD_NOT_KEPT', message: 'The app keeps no password for /work/south.' } })
    fake.encryptionAvailable = false
    expect(await readKeptPassword('/work/north')).toMatchObject({ ok: false, error: { code: 'SYNC_KEYCHAIN_UNAVAILABLE' } })
    expect(await readKeptPassword(undefined)).toMatchObject({ ok: false, error: { code: 'USAGE' } })
  })

  it('writes its answer as one JSON line for the CLI\'s pipe, then quits', async () => {
    openKeychain(fake.userData).set('/work/north', 'correct horse')
    const lines: string[] = []
    const saved = process.env[READER_WORKSPACE_ENV]
    process.env[READER_WORKSPACE_ENV] = '/work/north'
    try {
      await runKeychainReader(async (line) => void lines.push(line))
    } finally {
      if (saved === undefined) delete process.env[READER_WORKSPACE_ENV]
      else process.env[READER_WORKSPACE_ENV] = saved
    }
    expect(lines).toEqual([JSON.stringify({ ok: true, password: 'correct horse' }) + '\n'])
    expect(app.exit).toHaveBeenCalledWith(0)
  })
})
