import { afterEach, describe, expect, it, vi } from 'vitest'
import { join, sep } from 'node:path'

// Every unlink, folder fsync and sync.json rename, in the order they happen (node:fs spied, not replaced).
const ops: string[] = []
const opened = new Map<number, string>()
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>()
  const openSync = ((path: string, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...a: unknown[]) => number)(path, ...rest)
    opened.set(fd, String(path))
    return fd
  }) as typeof fs.openSync
  const fsyncSync = ((fd: number) => {
    const path = opened.get(fd)
    if (path !== undefined && fs.statSync(path).isDirectory()) ops.push(`fsync-dir ${path}`)
    return fs.fsyncSync(fd)
  }) as typeof fs.fsyncSync
  const rmSync = ((path: string, options?: Parameters<typeof fs.rmSync>[1]) => {
    ops.push(`rm ${String(path)}`)
    return fs.rmSync(path, options)
  }) as typeof fs.rmSync
  const renameSync = ((from: string, to: string) => {
    if (String(to).endsWith('sync.json')) ops.push('write sync.json')
    return fs.renameSync(from, to)
  }) as typeof fs.renameSync
  const patched = { ...fs, openSync, fsyncSync, rmSync, renameSync }
  return { ...patched, default: patched }
})

const { SimulatedClock } = await import('../../../main/app/clock.ts')
const { contexts } = await import('../../../main/app/contexts.ts')
const { openWorkspace } = await import('../../../main/app/workspace.ts')
const { writeSyncState } = await import('../../../main/sync/sync-state.ts')
const { CheckpointFolder } = await import('../../../main/store/checkpoints.ts')
const { tempDir } = await import('../../support/workspace.ts')

const clock = new SimulatedClock('2027-01-04T09:00:00Z')
afterEach(() => {
  ops.length = 0
})

describe('the checkpoints a rebase outdates', () => {
  it('are unlinked and their folders fsynced before sync.json lists the superseded events', async () => {
    const dir = tempDir()
    const ws = await openWorkspace(dir, { contexts, clock, checkpointEvery: 1 })
    try {
      const send = async (command: string, data: Record<string, unknown>) => {
        const result = await ws.engine.dispatch({ command, data, actor: 'ben' })
        if (!result.ok) throw new Error(JSON.stringify(result.error))
        return result.events
      }
      await send('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
      await send('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' })
      const [raise] = await send('UpdateOpportunity', { opportunityId: 'o-1', amount: '700' })
      await send('RegisterCustomer', { customerId: 'globex', name: 'Globex' })
      ops.length = 0

      const result = await ws.engine.supersede([raise], () => writeSyncState(dir, {
        format: 1, team: 't', device: 'd', pushedUpTo: 0, cursor: { tx: '0', position: '0' }, conflicts: [], lastSyncAt: null, superseded: [raise.id],
      }))
      expect(result.ok).toBe(true)

      const saved = ops.indexOf('write sync.json')
      expect(saved).toBeGreaterThan(0)
      const before = ops.slice(0, saved)
      const removed = before.filter((op) => op.startsWith('rm ') && op.includes(`${sep}checkpoints${sep}`))
      expect(removed.length).toBeGreaterThan(0)
      // Every folder a checkpoint left is fsynced after its last unlink and before sync.json is written.
      for (const folder of new Set(removed.map((op) => op.slice(3, op.lastIndexOf(sep))))) {
        const lastRemoval = before.map((op) => op.startsWith(`rm ${folder}${sep}`)).lastIndexOf(true)
        expect(before.indexOf(`fsync-dir ${folder}`), folder).toBeGreaterThan(lastRemoval)
      }
      const folder = new CheckpointFolder(join(dir, 'checkpoints'), true)
      for (const name of folder.names()) expect(Math.max(...folder.positionsOf(name)), name).toBeLessThan(raise.position)
    } finally {
      await ws.close()
    }
  })

  it('leaves the folders untouched when nothing is at or after the position', () => {
    const dir = tempDir()
    const folder = new CheckpointFolder(dir)
    folder.save('Deals', 1, 3, 'e-3', '{}')
    ops.length = 0
    expect(folder.dropFrom(4)).toBe(0)
    expect(ops).toEqual([])
    expect(folder.dropFrom(3)).toBe(1)
    expect(ops).toEqual([`rm ${join(dir, 'Deals', '3.json')}`, `fsync-dir ${join(dir, 'Deals')}`])
  })
})
