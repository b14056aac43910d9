import { describe, expect, it } from 'vitest'
import { contexts } from '../../../main/app/contexts.ts'
import { differences, eventDifferences } from '../../../main/flows/explain.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'

const ev = (type: string, data: Record<string, unknown> = {}) => ({ type, data })

describe('a failed expectation in words', () => {
  it('names each differing field with expected beside actual', () => {
    expect(differences({ cash: '500', reservedCash: '0' }, { cash: '2000.00', reservedCash: '0.00' }, '')).toEqual(['cash: expected 500, got 2000.00'])
    expect(differences({ total: '5' }, {}, '')).toEqual(['total: expected 5, got nothing'])
    expect(differences({ a: { b: 1 } }, { a: 'x' }, '')).toEqual(['a: expected {"b":1}, got x'])
  })

  it('points at the nearest item of a list', () => {
    const actual = [{ transferId: 'dep-1', status: 'confirmed' }, { transferId: 'wd-1', status: 'rejected' }]
    expect(differences([{ transferId: 'dep-1' }, { transferId: 'wd-1', status: 'refunded' }], actual, '')).toEqual(['[1].status: expected refunded, got rejected'])
    expect(differences([{ transferId: 'dep-1' }, { transferId: 'x' }], [{ transferId: 'dep-1' }], 'result')).toEqual(['result: expected an item {"transferId":"x"} after item 1, there is none (1 item(s))'])
  })

  it('says which event did not come, and after which', () => {
    expect(eventDifferences(['OrderPlaced', 'FundsDebited'], [ev('OrderPlaced'), ev('OrderReceived')], false)).toEqual(['events: expected FundsDebited after OrderPlaced, it did not come (got OrderPlaced, OrderReceived)'])
    expect(eventDifferences(['B', 'A'], [ev('A'), ev('B')], false)).toEqual(['events: expected A after B, it came before it'])
    expect(eventDifferences([{ type: 'FundsDebited', data: { amount: '1009.99' } }], [ev('FundsDebited', { amount: '1010.00' })], false)).toEqual(['events: FundsDebited data.amount: expected 1009.99, got 1010.00'])
  })

  it('with only, says the exact lists and the event at each place', () => {
    expect(eventDifferences([], [ev('A')], true)).toEqual(['events: expected exactly nothing; got A'])
    expect(eventDifferences(['A', 'B'], [ev('A'), ev('C')], true)).toEqual(['events[1]: expected B, got C'])
  })

  it('is in the report of a flow, with the step notes', async () => {
    const report = await runFlowText(JSON.stringify({ flow: 'f', steps: [
      { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, note: 'first', expect: { rejected: 'CUSTOMER_EXISTS' } },
      { query: 'Pipeline', note: 'then', expect: { result: { nope: 1 } } },
    ] }), { contexts })
    expect(report.steps[0]).toMatchObject({ ok: false, note: 'first', differences: ['rejected: expected CUSTOMER_EXISTS, got none (CustomerRegistered)'] })
    expect(report.steps[1]).toMatchObject({ ok: false, note: 'then', differences: ['nope: expected 1, got nothing'] })
  })
})
