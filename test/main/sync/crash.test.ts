import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { syncCommand } from '../../../main/sync/cli.ts'
import { usePostgres } from '../../support/postgres.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let url = ''

beforeAll(async () => {
  url = await cluster().createTeamServer('crash')
})

const ids = (dir: string) => readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line).id as string)

describe('a laptop SIGKILLed in the middle of a push', () => {
  it('syncs again with nothing lost and nothing doubled', async () => {
    const dir = tempDir()
    const ws = await openWorkspace(dir, { contexts, clock })
    await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    for (let i = 1; i <= 1500; i++) await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: `c-${i}`, name: `C ${i}` } })
    await ws.close()
    const before = ids(dir)

    // The first call of the push (500 streams) is recorded by the server, then the process dies.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'kill-mid-push.child.ts'), dir, url, 'crash'], { cwd: process.cwd() }).catch((e) => e)
    expect(child.signal).toBe('SIGKILL')
    const recorded = await cluster().sql("SELECT count(*)::int AS n FROM stormbook.events WHERE team = 'crash'", [], 'crash')
    expect(recorded.rows[0].n).toBeGreaterThan(0)
    expect(recorded.rows[0].n).toBeLessThan(before.length)

    // Syncing again (the lock of the killed process is taken over, as the person would) pushes the rest.
    const io = { out: () => undefined, err: () => undefined, clock }
    expect(await syncCommand([dir], new Map<string, string | true>([['url', url], ['team', 'crash'], ['take-over', true]]), io)).toBe(0)
    const server = await cluster().sql("SELECT event_id::text AS id FROM stormbook.events WHERE team = 'crash'", [], 'crash')
    expect(server.rows.map((r) => r.id).sort()).toEqual([...before].sort())
    expect(ids(dir)).toEqual(before)
  }, 120_000)
})
