import { beforeEach, describe, expect, it } from 'vitest'
import { setApi } from '../../../renderer/bridge.ts'
import { startRecording, stopRecording } from '../../../renderer/flows/recording.ts'
import { paletteActions } from '../../../renderer/shell/actions.ts'
import { useFlowSession } from '../../../renderer/workspace/flow-session.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { useWorkspace } from '../../../renderer/workspace/store.ts'
import { fakeApi } from '../workspace/fake-api.ts'

let asked: unknown[] = []

beforeEach(() => {
  asked = []
  const fake = fakeApi(() => ({ ok: true, value: { events: [], position: 0 } }))
  fake.api.flows = {
    ...fake.api.flows,
    list: async () => ({ ok: true, value: [] }),
    record: async (action) => {
      asked.push(action)
      if (action.action === 'start') return { ok: true, value: { recording: true, from: 4, commands: 0 } }
      if (action.action === 'stop' && action.name === 'Nothing') return { ok: false, error: { code: 'FLOW_NOTHING_RECORDED', message: 'Nothing was recorded.' } }
      return { ok: true, value: { recording: false, from: 4, commands: 2, file: 'acme-deal.flow.json' } }
    },
  }
  setApi(fake.api)
  useFlowSession.setState({ recording: null, stopAsked: false, openFile: null })
  useToasts.setState({ toasts: [] })
})

describe('recording a flow', () => {
  it('starts (the palette then offers Stop), and stops under the name given, saved as a file named after it', async () => {
    await startRecording()
    expect(useFlowSession.getState().recording).toEqual({ from: 4, commands: 0 })
    const stop = paletteActions().find((a) => a.id === 'flows.stop')
    expect(stop?.label).toBe('Stop recording and save the flow')
    await stop!.run()
    expect(useFlowSession.getState().stopAsked).toBe(true)
    expect(useWorkspace.getState().screen).toBe('flows')

    expect(await stopRecording('Acme deal')).toBe(true)
    expect(asked.at(-1)).toEqual({ action: 'stop', file: 'acme-deal.flow.json', name: 'Acme deal' })
    expect(useFlowSession.getState().recording).toBeNull()
    expect(useToasts.getState().toasts.at(-1)?.message).toContain('“Acme deal” (acme-deal.flow.json)')
    expect(paletteActions().some((a) => a.id === 'flows.record')).toBe(true)
  })

  it('says so when nothing was recorded, and the recording is over', async () => {
    await startRecording()
    expect(await stopRecording('Nothing')).toBe(true)
    expect(useToasts.getState().toasts.map((t) => t.code)).toContain('FLOW_NOTHING_RECORDED')
    expect(useFlowSession.getState().recording).toBeNull()
  })
})
