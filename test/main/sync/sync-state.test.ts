import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSyncState, SYNC_FILE, writeSyncState, type SyncState } from '../../../main/sync/sync-state.ts'
import { tempDir } from '../../support/workspace.ts'

const state: SyncState = {
  format: 1, team: 'north', device: 'd-1', pushedUpTo: 12, cursor: { tx: '745', position: '31' }, conflicts: [], lastSyncAt: '2027-01-04T09:00:00.000Z',
}

describe('sync.json, where a workspace’s sync stands', () => {
  it('is absent before the first sync', () => {
    expect(readSyncState(tempDir())).toBeUndefined()
  })

  it('reads back what was written, replacing the file whole (no temp file left behind)', () => {
    const dir = tempDir()
    writeSyncState(dir, state)
    writeSyncState(dir, { ...state, pushedUpTo: 13 })
    expect(readSyncState(dir)).toEqual({ ...state, pushedUpTo: 13 })
    expect(existsSync(join(dir, `${SYNC_FILE}.tmp`))).toBe(false)
    expect(readFileSync(join(dir, SYNC_FILE), 'utf8')).toContain('"pushedUpTo": 13')
  })

  it('refuses a damaged file with SYNC_STATE_INVALID naming the field', () => {
    const dir = tempDir()
    writeFileSync(join(dir, SYNC_FILE), JSON.stringify({ ...state, cursor: { tx: 'x', position: '1' } }))
    expect(() => readSyncState(dir)).toThrow(expect.objectContaining({ code: 'SYNC_STATE_INVALID', details: expect.objectContaining({ field: 'cursor.tx' }) }))
    writeFileSync(join(dir, SYNC_FILE), '{"format": 1,')
    expect(() => readSyncState(dir)).toThrow(expect.objectContaining({ code: 'SYNC_STATE_INVALID' }))
  })
})
