import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../main/ipc/contract.ts'
import { progressShare, statusHint, statusLabel } from '../../../renderer/sync/status-words.ts'

const base: SyncStatus = {
  configured: true, url: 'postgresql://maria@db/stormbook', team: 'north', everySeconds: 30, state: 'synced', pending: 0, conflicts: 0, archived: 0,
  lastSyncAt: '2027-01-04T09:00:00.000Z', lastError: null, progress: null,
}

describe('the top bar says where sync stands', () => {
  it('in words for each state', () => {
    expect(statusLabel(base)).toBe('Synced')
    expect(statusLabel({ ...base, state: 'pending', pending: 3 })).toBe('3 pending')
    expect(statusLabel({ ...base, state: 'offline', pending: 1200 })).toBe('Offline · 1,200 pending')
    expect(statusLabel({ ...base, state: 'offline' })).toBe('Offline')
    expect(statusLabel({ ...base, state: 'conflicts', conflicts: 1 })).toBe('1 conflict')
    expect(statusLabel({ ...base, state: 'conflicts', conflicts: 2 })).toBe('2 conflicts')
    expect(statusLabel({ ...base, state: 'off', configured: false })).toBe('Sync off')
  })

  it('with the first pull of a large team log counted, and its share for the progress bar', () => {
    const pulling = { ...base, state: 'syncing' as const, progress: { pulled: 25_000, total: 100_000 } }
    expect(statusLabel(pulling)).toBe('Syncing… 25,000 of 100,000')
    expect(progressShare(pulling)).toBe(0.25)
    expect(statusLabel({ ...base, state: 'syncing' })).toBe('Syncing…')
    expect(progressShare({ ...base, state: 'syncing', progress: { pulled: 10, total: null } })).toBeNull()
  })

  it('explains offline with the reason, and points to the Conflicts panel', () => {
    const offline = { ...base, state: 'offline' as const, lastError: { code: 'SYNC_SERVER_UNREACHABLE', message: 'connect: the server cannot be reached' } }
    expect(statusHint(offline)).toContain('the server cannot be reached')
    expect(statusHint({ ...base, state: 'conflicts', conflicts: 1 })).toMatch(/Conflicts panel/)
  })

  it('says a login outside the team is not a member, and what to ask for', () => {
    const words = 'Your login "rep_ola" is not a member of team "north". Ask whoever runs the sync server to run: stormbook sync add-member <server url> --team north --login rep_ola'
    const refused = { ...base, state: 'not-a-member' as const, pending: 2, lastError: { code: 'SYNC_NOT_A_MEMBER', message: words, details: { team: 'north', login: 'rep_ola' } } }
    expect(statusLabel(refused)).toBe('Not a member of team "north"')
    expect(statusHint(refused)).toBe(`${words} Your changes are kept and pushed once you are a member.`)
  })
})
