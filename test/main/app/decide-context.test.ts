import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { reject, type BoundedContext, type DecideContext } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'

/** A context whose decider pins a note to an event of the log (an anchor), as the storming context does. */
function anchoring(seen: Array<DecideContext['log']>): BoundedContext {
  return {
    name: 'notes',
    aggregates: [{
      name: 'Note',
      decider: {
        initialState: null,
        decide: (command, _state, context) => {
          seen.push(context.log && { lastPosition: context.log.lastPosition, hasEvent: context.log.hasEvent })
          const anchor = String(command.data.anchor)
          if (anchor !== 'none' && !context.log?.hasEvent(anchor)) return reject('UNKNOWN_ANCHOR', `No event ${anchor} in the log`, { field: 'anchor' })
          return [{ type: 'NotePinned', data: { noteId: command.data.noteId, anchor } }]
        },
        evolve: (state) => state,
      },
      commands: { PinNote: { schema: z.strictObject({ noteId: z.string(), anchor: z.string() }), id: (d) => String(d.noteId) } },
    }],
    policies: [],
    projections: [],
  }
}

describe('what a decision sees of the log', () => {
  it('tells the decider the last position and whether an event (an anchor) is in the log', async () => {
    const seen: Array<DecideContext['log']> = []
    const e = memoryEngine([anchoring(seen)], new SimulatedClock('2027-01-04T09:00:00Z'))
    const first = await e.dispatch({ command: 'PinNote', data: { noteId: 'n1', anchor: 'none' } })
    if (!first.ok) throw new Error(first.error.message)
    expect(seen[0]?.lastPosition).toBe(0)
    expect(await e.dispatch({ command: 'PinNote', data: { noteId: 'n2', anchor: first.events[0].id } })).toMatchObject({ ok: true })
    expect(seen[1]?.lastPosition).toBe(1)
    expect(await e.dispatch({ command: 'PinNote', data: { noteId: 'n3', anchor: 'not-an-event' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ANCHOR' } })
  })
})
