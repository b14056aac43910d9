import { beforeEach, describe, expect, it } from 'vitest'
import { setApi } from '../../../renderer/bridge.ts'
import { sendCommand } from '../../../renderer/workspace/commands.ts'
import { registerCompensator } from '../../../renderer/workspace/compensations.ts'
import { query, queryValue } from '../../../renderer/workspace/queries.ts'
import { useWorkspace } from '../../../renderer/workspace/store.ts'
import { useToasts } from '../../../renderer/workspace/toasts.ts'
import { useUndo } from '../../../renderer/workspace/undo.ts'
import { eventOf, fakeApi, type Calls } from './fake-api.ts'

let calls: Calls

beforeEach(() => {
  const fake = fakeApi((command) => {
    if (command.command === 'Refused') return { ok: false, error: { code: 'NOT_ALLOWED', message: 'That is not allowed.' } }
    if (command.command === 'Nothing') return { ok: true, value: { events: [], position: 0 } }
    return { ok: true, value: { events: [eventOf(`${command.command}Done`, command.command, command.data)], position: 1 } }
  })
  calls = fake.calls
  setApi(fake.api)
  useWorkspace.setState({ viewingPosition: null })
  useToasts.setState({ toasts: [] })
  useUndo.setState({ done: [], undone: [], busy: false })
})

const toasts = () => useToasts.getState().toasts.map((t) => ({ kind: t.kind, message: t.message, code: t.code }))

describe('the one query path', () => {
  it('asks as of now while no viewing position is set', async () => {
    await query('Opportunities')
    await queryValue('Orders', { portfolioId: 'p-1' })
    expect(calls.queries).toEqual([{ name: 'Opportunities', params: undefined, options: undefined }, { name: 'Orders', params: { portfolioId: 'p-1' }, options: undefined }])
  })

  it('adds {asOf} to every query once a viewing position is set (replay), and drops it when set back to now', async () => {
    useWorkspace.getState().setViewingPosition(42)
    await query('Opportunities')
    await queryValue('PortfolioSummary', { portfolioId: 'p-1' })
    useWorkspace.getState().setViewingPosition(null)
    await query('Customers')
    expect(calls.queries.map((q) => q.options)).toEqual([{ asOf: 42 }, { asOf: 42 }, undefined])
  })
})

describe('the one command path', () => {
  it('sends, records the accepted command for undo, and asks no query of its own (screens refresh on pushed events)', async () => {
    const result = await sendCommand({ command: 'CreateThing', data: { id: 't-1' }, actor: 'rep' })
    expect(result.ok).toBe(true)
    expect(calls.dispatched).toEqual([{ command: 'CreateThing', data: { id: 't-1' }, actor: 'rep' }])
    expect(calls.queries).toEqual([])
    expect(useUndo.getState().done.map((e) => e.command.command)).toEqual(['CreateThing'])
  })

  it('toasts a refusal in words with its code, and records nothing', async () => {
    const result = await sendCommand({ command: 'Refused', data: {} })
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    expect(toasts()).toEqual([{ kind: 'error', message: 'That is not allowed.', code: 'NOT_ALLOWED' }])
    expect(useUndo.getState().done).toEqual([])
  })

  it('answers the refusal without a toast when asked to be quiet, and keeps an import row out of the undo history', async () => {
    expect(await sendCommand({ command: 'Refused', data: {} }, { quiet: true })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    await sendCommand({ command: 'ImportRow', data: {} }, { undoable: false })
    expect(toasts()).toEqual([])
    expect(useUndo.getState().done).toEqual([])
  })

  it('keeps no undo entry for a command that changed nothing', async () => {
    await sendCommand({ command: 'Nothing', data: {} })
    expect(useUndo.getState().done).toEqual([])
  })
})

describe('undo across features', () => {
  it('sends the compensating command a feature registered, and says what it did', async () => {
    registerCompensator(['Lock'], { compensate: (command) => ({ ok: true, command: { command: 'Unlock', data: command.data }, label: 'unlock it' }) })
    await sendCommand({ command: 'Lock', data: { id: 'd-1' } })
    await useUndo.getState().undo()
    expect(calls.dispatched.map((c) => c.command)).toEqual(['Lock', 'Unlock'])
    expect(toasts()).toEqual([{ kind: 'info', message: 'Undone Lock: unlock it.', code: undefined }])
    expect(calls.queries).toEqual([])
  })

  it('says in words that a command without a compensating command cannot be undone, and sends nothing', async () => {
    await sendCommand({ command: 'RequestFunds', data: { transferId: 't-1' } })
    await useUndo.getState().undo()
    expect(calls.dispatched.map((c) => c.command)).toEqual(['RequestFunds'])
    expect(toasts()).toEqual([{ kind: 'error', message: "Can't undo RequestFunds: the domain has no compensating command.", code: 'NO_COMPENSATING_COMMAND' }])
  })
})
