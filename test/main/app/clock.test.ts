import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlow } from '../../../main/flows/runner.ts'
import { ledger } from '../../support/ledger-context.ts'

describe('the simulated clock', () => {
  it('refuses to move past year 9999 with CLOCK_OUT_OF_RANGE and stays where it was', () => {
    const clock = new SimulatedClock('9999-12-30T00:00:00Z')
    clock.advance('P1D')
    expect(clock.now()).toBe('9999-12-31T00:00:00.000Z')
    expect(() => clock.advance('P1D')).toThrow(expect.objectContaining({ code: 'CLOCK_OUT_OF_RANGE', details: expect.objectContaining({ field: 'advance' }) }))
    expect(() => clock.advance('P100000Y')).toThrow(expect.objectContaining({ code: 'CLOCK_OUT_OF_RANGE' }))
    expect(clock.now()).toBe('9999-12-31T00:00:00.000Z')
  })

  it('refuses a start outside years 0000–9999', () => {
    expect(() => new SimulatedClock('+010000-01-01T00:00:00Z')).toThrow(expect.objectContaining({ code: expect.stringMatching(/^(INVALID_TIME|CLOCK_OUT_OF_RANGE)$/) }))
  })

  it('a flow advancing past year 9999 fails that step with the code, and no event is stamped "at": null', async () => {
    const clock = new SimulatedClock('9999-12-01T00:00:00Z')
    const engine = memoryEngine([ledger], clock)
    const flow = parseFlow(JSON.stringify({
      flow: 'far future',
      start: '9999-12-01T00:00:00Z',
      steps: [{ advance: 'P100Y' }, { actor: 'ann', command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' } }],
    }))
    const report = await runFlow(flow, engine, clock)
    expect(report.ok).toBe(false)
    expect(report.steps[0]).toMatchObject({ ok: false, rejected: { code: 'CLOCK_OUT_OF_RANGE' } })
    expect(report.steps[1].ok).toBe(true)
    expect(engine.store.readRange(1, 1)[0].at).toBe('9999-12-01T00:00:00.000Z')
  })
})
