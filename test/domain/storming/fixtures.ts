import type { DecideContext, DomainEvent, EventEnvelope } from '../../../domain/kernel/index.ts'
import { testContext } from '../../support/gwt.ts'

/** A decide context whose log holds events e-1 … e-`lastPosition` (what the engine fills in DecideContext.log). */
export function withLog(lastPosition: number): DecideContext {
  return testContext({ log: { lastPosition, hasEvent: (id) => /^e-\d+$/.test(id) && Number(id.slice(2)) <= lastPosition && Number(id.slice(2)) >= 1 } })
}

/** A storming log: events appended to their streams, at the instants given. */
export class StormingLog {
  readonly envelopes: EventEnvelope[] = []

  append(stream: string, event: DomainEvent, at: string): this {
    const position = this.envelopes.length + 1
    this.envelopes.push({
      position, id: `e-${position}`, stream, version: this.envelopes.filter((e) => e.stream === stream).length + 1, type: event.type, at, data: event.data,
      meta: { context: 'storming', aggregate: stream.slice(0, stream.indexOf('-')), command: 'test', commandId: `c-${position}`, actor: 'facilitator', policy: null, causationId: `c-${position}`, correlationId: `c-${position}`, schema: 1 },
    })
    return this
  }
}
