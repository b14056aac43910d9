import { beforeEach, describe, expect, it } from 'vitest'
import { setApi } from '../../../renderer/bridge.ts'
import { useEditor, VALIDATE_DELAY_MS } from '../../../renderer/flows/editor-store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { fakeApi } from '../workspace/fake-api.ts'

let validated: unknown[] = []
let saved: Array<[string, unknown]> = []
let ran: unknown[] = []

beforeEach(() => {
  validated = []
  saved = []
  ran = []
  const fake = fakeApi(() => ({ ok: true, value: { events: [], position: 0 } }))
  fake.api.flows = {
    ...fake.api.flows,
    commands: async () => ({ ok: true, value: [] }),
    validate: async (flow) => {
      validated.push(flow)
      const steps = (flow as { steps: Array<{ advance?: string }> }).steps
      const bad = steps.findIndex((s) => s.advance === 'soon')
      return { ok: true, value: { problems: bad < 0 ? [] : [{ field: `steps[${bad}].advance`, code: 'FLOW_INVALID', message: `steps[${bad}].advance: "soon" is not an ISO-8601 duration` }] } }
    },
    save: async (file, flow) => (saved.push([file, flow]), { ok: true, value: { file, name: 'x', flow: 'x', steps: 1, source: 'workspace', readOnly: false } }),
    run: async (flow) => (ran.push(flow), { ok: true, value: { flow: 'x', ok: true, steps: [], hotspots: [] } }),
  }
  setApi(fake.api)
  useEditor.getState().close()
  useToasts.setState({ toasts: [] })
})

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the form editor', () => {
  it('validates as you type, after a pause, with the engine’s problems at their paths', async () => {
    useEditor.getState().open({ flow: 'F', steps: [{ advance: 'P1D' }] }, null, false)
    await wait(0)
    expect(validated).toHaveLength(1)
    useEditor.getState().changeStep(0, (s) => ({ ...s, advance: 'so' }))
    useEditor.getState().changeStep(0, (s) => ({ ...s, advance: 'soon' }))
    await wait(VALIDATE_DELAY_MS + 50)
    expect(validated).toHaveLength(2)
    expect(useEditor.getState().problems.map((p) => p.field)).toEqual(['steps[0].advance'])
  })

  it('moves steps with their keys, adds and removes them', () => {
    useEditor.getState().open({ flow: 'F', steps: [{ advance: 'P1D' }, { hotspot: 'why?' }] }, null, false)
    const [a, b] = useEditor.getState().keys
    useEditor.getState().moveStep(1, -1)
    expect(useEditor.getState().draft!.steps).toEqual([{ hotspot: 'why?' }, { advance: 'P1D' }])
    expect(useEditor.getState().keys).toEqual([b, a])
    useEditor.getState().addStep('market', 'rep')
    expect(useEditor.getState().draft!.steps[2]).toEqual({ market: { ACME: '100.00' } })
    useEditor.getState().removeStep(0)
    expect(useEditor.getState().draft!.steps.map((s) => Object.keys(s)[0])).toEqual(['advance', 'market'])
    expect(useEditor.getState().keys).toHaveLength(2)
  })

  it('saves a new flow or a sample’s copy under a file named after it, and runs the unsaved flow in scratch', async () => {
    useEditor.getState().open({ flow: 'Win the Acme deal', steps: [{ advance: 'P1D' }] }, 'sales-funnel.flow.json', true)
    expect(await useEditor.getState().save()).toBe('win-the-acme-deal.flow.json')
    expect(saved[0][0]).toBe('win-the-acme-deal.flow.json')
    expect(useEditor.getState()).toMatchObject({ file: 'win-the-acme-deal.flow.json', readOnly: false, dirty: false })
    await useEditor.getState().run()
    expect(ran).toEqual([{ flow: 'Win the Acme deal', steps: [{ advance: 'P1D' }] }])
    expect(useEditor.getState().report).toMatchObject({ ok: true })
  })
})
