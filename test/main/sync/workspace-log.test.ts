import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import type { SyncedEvent } from '../../../main/sync/server.ts'
import { openWorkspaceLog } from '../../../main/sync/workspace-log.ts'
import { tempDir } from '../../support/workspace.ts'

const clock = new SimulatedClock('2027-01-04T09:00:00Z')
const now = () => clock.now()

/** A customer's registration decided on another laptop. */
function registered(customerId: string, version = 1, id = uuidv7()): SyncedEvent {
  return {
    id, stream: `Customer-${customerId}`, version, type: 'CustomerRegistered', at: '2027-01-04T08:00:00.000Z',
    data: { customerId, name: customerId.toUpperCase(), segment: null },
    meta: { context: 'sales', aggregate: 'Customer', command: 'RegisterCustomer', commandId: uuidv7(), actor: 'rep-9', policy: null, causationId: 'c', correlationId: 'c', schema: 2 },
  }
}

async function workspaceWith(...customers: string[]): Promise<string> {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock })
  for (const customerId of customers) expect((await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId, name: customerId } })).ok).toBe(true)
  await ws.close()
  return dir
}

describe('a workspace folder as the laptop’s log for sync', () => {
  it('reads local events after a position, as written', async () => {
    const dir = await workspaceWith('acme', 'globex', 'initech')
    const log = await openWorkspaceLog(dir, now)
    try {
      expect(log.lastPosition).toBe(3)
      expect(log.readSince(1, 10).map((e) => [e.position, e.stream])).toEqual([[2, 'Customer-globex'], [3, 'Customer-initech']])
      expect(log.readSince(0, 1)).toHaveLength(1)
      expect(log.hasEvent(log.readSince(0, 1)[0].id)).toBe(true)
      expect(log.streamVersion('Customer-acme')).toBe(1)
    } finally {
      await log.close()
    }
  })

  it('ingests events decided elsewhere at local positions, skips ids it has, and the workspace folds them when it next opens', async () => {
    const dir = await workspaceWith('acme')
    const log = await openWorkspaceLog(dir, now)
    const theirs = registered('globex')
    try {
      expect(await log.ingest([theirs, theirs])).toEqual({ ingested: 1, skipped: 1 })
      expect(await log.ingest([theirs])).toEqual({ ingested: 0, skipped: 1 })
      expect(log.lastPosition).toBe(2)
      expect(log.hasEvent(theirs.id)).toBe(true)
    } finally {
      await log.close()
    }
    const line = JSON.parse(readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n')[1])
    expect(line).toMatchObject({ position: 2, id: theirs.id, stream: 'Customer-globex', version: 1, meta: { actor: 'rep-9' } })
    const ws = await openWorkspace(dir, { contexts, clock })
    try {
      expect(ws.report.resumed).toBe(0)
      expect(ws.engine.query('Customers', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ customerId: 'globex' })]) })
      // A command decides on the ingested state: the customer exists now.
      expect(await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'globex', name: 'again' } })).toMatchObject({ ok: false, error: { code: 'CUSTOMER_EXISTS' } })
    } finally {
      await ws.close()
    }
  })

  it('refuses an event that does not follow its stream’s version (CONCURRENCY_CONFLICT), appending nothing of the call', async () => {
    const dir = await workspaceWith('acme')
    const log = await openWorkspaceLog(dir, now)
    try {
      await expect(log.ingest([registered('globex'), registered('acme', 1)])).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', details: { stream: 'Customer-acme' } })
      await expect(log.ingest([registered('initech', 2)])).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' })
      expect(log.lastPosition).toBe(1)
    } finally {
      await log.close()
    }
  })

  it('holds the workspace’s lock: the app cannot open it meanwhile, and sync cannot while the app has it', async () => {
    const dir = await workspaceWith('acme')
    const log = await openWorkspaceLog(dir, now)
    await expect(openWorkspace(dir, { contexts, clock })).rejects.toMatchObject({ code: 'WORKSPACE_LOCKED' })
    await log.close()
    const ws = await openWorkspace(dir, { contexts, clock })
    await expect(openWorkspaceLog(dir, now)).rejects.toMatchObject({ code: 'WORKSPACE_LOCKED' })
    await ws.close()
  })

  it('refuses a folder without a log (WORKSPACE_NOT_FOUND)', async () => {
    await expect(openWorkspaceLog(join(tempDir(), 'none'), now)).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND', details: { field: 'workspace' } })
  })
})
