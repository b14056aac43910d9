import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { shallow } from 'zustand/shallow'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { setApi } from '../../../renderer/bridge.ts'
import { shellView } from '../../../renderer/shell/shell-view.ts'
import { useWorkspace, watchWorkspace } from '../../../renderer/workspace/store.ts'
import { eventOf, fakeApi } from './fake-api.ts'

let push: (events: EventEnvelope[]) => void = () => undefined
let stop: () => void = () => undefined
const info = { name: 'Acme sales', dir: '/w', readOnly: false, lastPosition: 0, settings: {}, report: { resumed: 0 } }

beforeEach(() => {
  const fake = fakeApi(() => ({ ok: true, value: { events: [], position: 0 } }))
  fake.api.onEvents = (listener) => {
    push = listener
    return () => (push = () => undefined)
  }
  setApi(fake.api)
  useWorkspace.setState({ info, loadError: null })
  stop = watchWorkspace()
})
afterEach(() => stop())

describe('the workspace store hearing pushed events', () => {
  it('takes a pushed batch of 500 events in one update, and the shell’s view of it does not change', () => {
    const before = shellView(useWorkspace.getState())
    let updates = 0
    let shellChanges = 0
    const off = useWorkspace.subscribe((state, previous) => {
      updates++
      if (!shallow(shellView(state), shellView(previous))) shellChanges++
    })
    const batch = Array.from({ length: 500 }, (_, i) => eventOf('OpportunityUpdated', 'UpdateOpportunity', { n: i }))
    push(batch)
    off()
    expect(updates).toBe(1)
    expect(useWorkspace.getState().info?.lastPosition).toBe(batch[499].position)
    expect(shellChanges).toBe(0)
    expect(shallow(shellView(useWorkspace.getState()), before)).toBe(true)
  })

  it('does not update for events it already counted', () => {
    const batch = [eventOf('OpportunityUpdated', 'UpdateOpportunity')]
    push(batch)
    let updates = 0
    const off = useWorkspace.subscribe(() => updates++)
    push(batch)
    off()
    expect(updates).toBe(0)
  })

  it('lets the shell render again for what it shows (the save state)', () => {
    const before = shellView(useWorkspace.getState())
    useWorkspace.setState({ saving: true })
    expect(shallow(shellView(useWorkspace.getState()), before)).toBe(false)
  })
})
