import { describe, expect, it } from 'vitest'
import { FLOW_MAX_DEPTH, parseFlow } from '../../../main/flows/flow-file.ts'

const register = { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }

describe('reading a flow file', () => {
  it('refuses an expectation nested deeper than it can handle, before anything compares it', () => {
    const deep = '['.repeat(FLOW_MAX_DEPTH + 1) + '1' + ']'.repeat(FLOW_MAX_DEPTH + 1)
    expect(() => parseFlow(`{"flow":"deep","steps":[{"query":"Pipeline","expect":{"result":${deep}}}]}`)).toThrow(expect.objectContaining({ code: 'INPUT_TOO_DEEP' }))
  })

  it('takes a note on every kind of step, and a given step', () => {
    const flow = parseFlow(JSON.stringify({ flow: 'f', steps: [
      { ...register, note: 'a' }, { advance: 'P1D', note: 'b' }, { market: { ACME: '1' }, note: 'c' },
      { query: 'Pipeline', expect: { result: {} }, note: 'd' }, { hotspot: 'why?', note: 'e' },
      { given: [{ stream: 'Customer-x', type: 'CustomerRegistered', data: {} }], note: 'f' },
    ] }))
    expect(flow.steps.map((s) => [s.kind, s.note])).toEqual([['command', 'a'], ['advance', 'b'], ['market', 'c'], ['query', 'd'], ['hotspot', 'e'], ['given', 'f']])
  })

  it('names the kinds a step may have when it has none', () => {
    expect(() => parseFlow(JSON.stringify({ flow: 'f', steps: [{ when: 'x' }] }))).toThrow(/command, advance, market, query, hotspot, given/)
  })
})
