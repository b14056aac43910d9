import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { tempDir } from '../../support/workspace.ts'

const open = (dir: string) => openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })

describe('the first open of a log without saved aggregate states', () => {
  it('folds no aggregate while opening, and a command still decides on the whole history of its aggregate', async () => {
    const dir = tempDir()
    let ws = await open(dir)
    await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
    await ws.close()
    // Only the log is left: the next open is a first open.
    rmSync(join(dir, 'checkpoints'), { recursive: true })

    ws = await open(dir)
    try {
      const states = (ws.engine as unknown as { states: { size: number } }).states
      expect(states.size, 'no aggregate folded by the opening scan').toBe(0)
      const again = await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme again' } })
      expect(again).toMatchObject({ ok: false, error: { code: 'CUSTOMER_EXISTS' } })
      const twice = await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
      expect(twice).toMatchObject({ ok: false, error: { code: 'OPPORTUNITY_EXISTS' } })
      expect((await ws.engine.dispatch({ command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } })).ok).toBe(true)
    } finally {
      await ws.close()
    }
  })
})
