import { beforeEach, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { setApi } from '../../../renderer/bridge.ts'
import { query, queryAhead } from '../../../renderer/workspace/queries.ts'
import { useWorkspace } from '../../../renderer/workspace/store.ts'
import { eventOf, fakeApi, type Calls } from './fake-api.ts'

let calls: Calls
let push: (events: EventEnvelope[]) => void = () => undefined

beforeEach(() => {
  const fake = fakeApi(() => ({ ok: true, value: { events: [], position: 0 } }))
  let asked = 0
  // Each answer says which question it was, so a test can tell an answer asked ahead from a new one.
  fake.api.query = async (name, params, options) => (fake.calls.queries.push({ name, params, options }), { ok: true, value: `${name} #${++asked}` })
  fake.api.onEvents = (listener) => {
    push = listener
    return () => (push = () => undefined)
  }
  calls = fake.calls
  setApi(fake.api)
  useWorkspace.setState({ viewingPosition: null })
})

describe('queries asked ahead (the first screen’s, before its code has loaded)', () => {
  it('hands each answer asked ahead to the first query of its name, once; later ones ask the host again', async () => {
    queryAhead(['Opportunities', 'Customers'])
    expect(calls.queries.map((q) => q.name)).toEqual(['Opportunities', 'Customers'])
    expect(await query('Customers')).toEqual({ ok: true, value: 'Customers #2' })
    expect(await query('Opportunities')).toEqual({ ok: true, value: 'Opportunities #1' })
    expect(await query('Opportunities')).toEqual({ ok: true, value: 'Opportunities #3' })
    expect(calls.queries.map((q) => q.name)).toEqual(['Opportunities', 'Customers', 'Opportunities'])
  })

  it('drops the answers asked ahead when an event is pushed before the screen asks: the board never shows an older log', async () => {
    queryAhead(['Opportunities'])
    push([eventOf('OpportunityCreated', 'CreateOpportunity')])
    expect(await query('Opportunities')).toEqual({ ok: true, value: 'Opportunities #2' })
  })

  it('drops them when a replay starts, and never hands one to a query with params', async () => {
    queryAhead(['Opportunities', 'Customers'])
    expect(await query('Customers', { segment: 'smb' })).toEqual({ ok: true, value: 'Customers #3' })
    useWorkspace.setState({ viewingPosition: 4 })
    expect(await query('Opportunities')).toEqual({ ok: true, value: 'Opportunities #4' })
    expect(calls.queries.at(-1)).toEqual({ name: 'Opportunities', params: undefined, options: { asOf: 4 } })
  })
})
