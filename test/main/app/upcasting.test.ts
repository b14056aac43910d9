import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { tempDir } from '../../support/workspace.ts'

const fixture = join(import.meta.dirname, '../../fixtures/workspace-v1')

describe('a workspace written by an older version', () => {
  it('opens, and its CustomerRegistered at schema 1 (no segment) reads as schema 2, the file untouched', async () => {
    const dir = tempDir()
    cpSync(fixture, dir, { recursive: true })
    const before = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    expect(before).toContain('"schema":1')
    const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    const [registered] = ws.engine.store.readStream('Customer-acme')
    expect(registered.meta.schema).toBe(2)
    expect(registered.data).toEqual({ customerId: 'acme', name: 'Acme', segment: null })
    expect(ws.engine.query('Customers', {})).toMatchObject({ ok: true, value: [{ customerId: 'acme', name: 'Acme', segment: null, churnRisk: 'medium' }] })
    const next = await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'globex', name: 'Globex' } })
    expect(next.ok && next.events[0].meta.schema).toBe(2)
    await ws.close()
    const after = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    expect(after.startsWith(before)).toBe(true)
  })
})
