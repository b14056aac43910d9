import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { gatherPushes } from '../../../main/host/event-pushes.ts'
import type { MethodValues, ServerMessage } from '../../../main/ipc/contract.ts'

const event = (position: number) => ({ position, type: 'CustomerRegistered' }) as unknown as EventEnvelope
const status = (pending: number) => ({ pending }) as unknown as MethodValues['sync.status']

/** The pushes sent, each written short: `[1,2]` for an events message, `sync 3` for a status with 3 pending. */
function recorder() {
  const queued: Array<() => void> = []
  const sent: Array<number[] | string> = []
  const send = (message: ServerMessage) => {
    if (message.type === 'events') sent.push(message.events.map((e) => e.position))
    else if (message.type === 'sync') sent.push(`sync ${(message.status as unknown as { pending: number }).pending}`)
  }
  // A scheduler the test turns by hand: `turn()` runs what was scheduled.
  return { sent, pushes: gatherPushes(send, (run) => void queued.push(run)), turn: () => queued.splice(0).forEach((run) => run()), queued }
}

describe('the host gathering its pushes', () => {
  it('sends the commits heard in one turn as one message, in the order heard', () => {
    const { sent, pushes, turn, queued } = recorder()
    pushes.add([event(1)])
    pushes.add([event(2), event(3)])
    pushes.add([event(4)])
    expect(sent).toEqual([])
    expect(queued).toHaveLength(1)
    turn()
    expect(sent).toEqual([[1, 2, 3, 4]])
    pushes.add([event(5)])
    turn()
    expect(sent).toEqual([[1, 2, 3, 4], [5]])
  })

  it('sends what is gathered at once when flushed (before an answer), and not again at the end of the turn', () => {
    const { sent, pushes, turn } = recorder()
    pushes.add([event(1), event(2)])
    pushes.flush()
    expect(sent).toEqual([[1, 2]])
    turn()
    pushes.flush()
    expect(sent).toEqual([[1, 2]])
  })

  it('sends only the latest sync status, after the events gathered with it', () => {
    const { sent, pushes, turn } = recorder()
    pushes.add([event(1)])
    pushes.syncStatus(status(1))
    pushes.add([event(2)])
    pushes.syncStatus(status(2))
    turn()
    expect(sent).toEqual([[1, 2], 'sync 2'])
  })

  it('sends nothing after it is stopped', () => {
    const { sent, pushes, turn } = recorder()
    pushes.add([event(1)])
    pushes.stop()
    turn()
    pushes.add([event(2)])
    pushes.syncStatus(status(1))
    pushes.flush()
    expect(sent).toEqual([])
  })
})
