import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileEventStore } from '../../../main/store/file-store.ts'
import { openLedger, tempDir } from '../../support/workspace.ts'

async function seededLog(): Promise<string> {
  const dir = tempDir()
  const ws = await openLedger(dir)
  await ws.engine.dispatch({ command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' }, actor: 'ann' })
  for (let i = 0; i < 40; i++) await ws.engine.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount: String(i + 1) }, actor: 'ann' })
  await ws.close()
  return join(dir, 'events.jsonl')
}

async function openWithChunks(path: string, chunkBytes?: number): Promise<FileEventStore & { tornBytes?: number }> {
  const store = new FileEventStore({ path, readOnly: true, now: () => '2027-01-01T00:00:00.000Z', upcast: (e) => e, chunkBytes })
  const report = await store.open()
  return Object.assign(store, { tornBytes: report.tornBytes })
}

describe('the opening scan reads the log in chunks', () => {
  it('finds the same events, offsets and torn tail whatever the chunk size, lines cut across reads or longer than a read', async () => {
    const path = await seededLog()
    appendFileSync(path, '{"position":42,"id":"x","str')
    const whole = await openWithChunks(path)
    const events = whole.readRange(1, whole.lastPosition)
    expect(events).toHaveLength(41)
    expect(whole.tornBytes).toBe(28)
    for (const chunkBytes of [7, 100, 333, 4096]) {
      const chunked = await openWithChunks(path, chunkBytes)
      expect(chunked.lastPosition, `chunks of ${chunkBytes}`).toBe(41)
      expect(chunked.tornBytes, `chunks of ${chunkBytes}`).toBe(28)
      expect(chunked.readRange(1, 41), `chunks of ${chunkBytes}`).toEqual(events)
      expect(chunked.readStream('Account-a').map((e) => e.position)).toEqual(events.map((e) => e.position))
      await chunked.close()
    }
    await whole.close()
  })
})
