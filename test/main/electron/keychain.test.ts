import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { KEYCHAIN_FILE, openKeychain } from '../../../main/electron/keychain.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake } from './fake-electron.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

beforeEach(() => fake.reset())

describe('the team sync keychain', () => {
  it('keeps each workspace password encrypted in userData, never in plain text', () => {
    const userData = tempDir()
    const keychain = openKeychain(userData)
    keychain.set('/work/north', 'correct horse')
    keychain.set('/work/south', 'battery staple')
    expect(keychain.get('/work/north')).toBe('correct horse')
    expect(openKeychain(userData).get('/work/south/')).toBe('battery staple')
    const file = readFileSync(join(userData, KEYCHAIN_FILE), 'utf8')
    expect(file).not.toContain('correct horse')
    expect(file).not.toContain('battery')
  })

  it('forgets a password set to empty', () => {
    const keychain = openKeychain(tempDir())
    keychain.set('/work/north', 'correct horse')
    keychain.set('/work/north', '')
    expect(keychain.get('/work/north')).toBeUndefined()
  })

  it('refuses to keep a password when the OS offers no encryption, and keeps nothing', () => {
    const userData = tempDir()
    fake.encryptionAvailable = false
    const keychain = openKeychain(userData)
    expect(() => keychain.set('/work/north', 'correct horse')).toThrow(expect.objectContaining({ code: 'SYNC_KEYCHAIN_UNAVAILABLE', details: { field: 'password' } }))
    fake.encryptionAvailable = true
    expect(keychain.get('/work/north')).toBeUndefined()
  })

  it('answers nothing for a ciphertext it cannot decrypt (another OS user), instead of failing', async () => {
    const userData = tempDir()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(userData, KEYCHAIN_FILE), JSON.stringify({ '/work/north': Buffer.from('garbage').toString('base64') }))
    expect(openKeychain(userData).get('/work/north')).toBeUndefined()
  })
})
