import { beforeEach, describe, expect, it } from 'vitest'
import { setApi } from '../../../renderer/bridge.ts'
import { useFlows } from '../../../renderer/flows/store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { fakeApi, type Calls } from '../workspace/fake-api.ts'

const flow = { file: 'sales-funnel.flow.json', name: 'Sales funnel', flow: 'Sales funnel', steps: 3, source: 'sample' as const, readOnly: true }
const report = { flow: 'Sales funnel', ok: true, steps: [] }
let calls: Calls
let lists = 0

beforeEach(() => {
  const fake = fakeApi(() => ({ ok: true, value: { events: [], position: 0 } }))
  fake.api.flows = {
    ...fake.api.flows,
    list: async () => (lists++, { ok: true, value: [flow] }),
    run: async (file, into) => (file === flow.file ? { ok: true, value: { ...report, into } as never } : { ok: false, error: { code: 'FLOW_NOT_FOUND', message: `No flow ${file}.` } }),
  }
  calls = fake.calls
  lists = 0
  setApi(fake.api)
  useFlows.setState({ flows: null, running: null, last: null })
  useToasts.setState({ toasts: [] })
})

describe('the flows store', () => {
  it('lists the flows, keeps the report of the last run with where it ran, and reads the library again for its last result', async () => {
    await useFlows.getState().load()
    expect(useFlows.getState().flows).toEqual([flow])
    await useFlows.getState().run(flow, 'scratch')
    expect(useFlows.getState().last).toMatchObject({ file: flow.file, flow: 'Sales funnel', into: 'scratch', report: { ok: true } })
    expect(useFlows.getState().running).toBeNull()
    expect(lists).toBe(2)
  })

  it('toasts a refused run with its code, and refreshes nothing itself (a run into the workspace pushes its events)', async () => {
    await useFlows.getState().run({ ...flow, file: 'missing.flow.json' }, 'workspace')
    expect(useToasts.getState().toasts.map((t) => t.code)).toEqual(['FLOW_NOT_FOUND'])
    expect(useFlows.getState().last).toBeNull()
    await useFlows.getState().run(flow, 'workspace')
    expect(calls.queries).toEqual([])
  })
})
