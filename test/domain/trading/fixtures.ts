import {
  isRejection,
  validateCommand,
  type AggregateDefinition,
  type DecideContext,
  type DomainEvent,
  type EventEnvelope,
} from '../../../domain/kernel/index.ts'
import { trading } from '../../../domain/trading/index.ts'
import { testContext } from '../../support/gwt.ts'

/** Events produced by running commands through an aggregate's real decider (so histories are never hand-forged). */
export function history<S>(aggregate: AggregateDefinition<S>, steps: Array<[string, Record<string, unknown>]>, context: DecideContext = testContext()): DomainEvent[] {
  const events: DomainEvent[] = []
  let state = aggregate.decider.initialState
  for (const [command, data] of steps) {
    const valid = validateCommand(command, aggregate.commands[command], data)
    if (!valid.ok) throw new Error(`${command}: ${valid.rejection.message}`)
    const outcome = aggregate.decider.decide({ type: command, data: valid.data }, state, context)
    if (isRejection(outcome)) throw new Error(`${command} rejected: ${outcome.code} ${outcome.message}`)
    for (const event of outcome) state = aggregate.decider.evolve(state, event)
    events.push(...outcome)
  }
  return events
}

/** The state an aggregate folds from a history. */
export function stateOf<S>(aggregate: AggregateDefinition<S>, events: DomainEvent[]): S {
  return events.reduce((s, e) => aggregate.decider.evolve(s, e), aggregate.decider.initialState)
}

/** A small event log for projection and policy tests (read by gwt's givenLog): envelopes with gap-free positions and a given `at`. */
export class Log {
  readonly envelopes: EventEnvelope[] = []

  append(stream: string, events: DomainEvent[], at = '2027-01-04T09:00:00.000Z'): EventEnvelope[] {
    const added = events.map((event) => {
      const position = this.envelopes.length + 1
      const version = this.envelopes.filter((e) => e.stream === stream).length + 1
      const aggregate = stream.slice(0, stream.indexOf('-'))
      const envelope: EventEnvelope = {
        position, id: `e-${position}`, stream, version, type: event.type, at, data: event.data,
        meta: { context: 'trading', aggregate, command: 'test', commandId: `c-${position}`, actor: 'test', policy: null, causationId: `c-${position}`, correlationId: `c-${position}`, schema: 1 },
      }
      this.envelopes.push(envelope)
      return envelope
    })
    return added
  }

  /** The last envelope of a type. */
  last(type: string): EventEnvelope {
    const found = [...this.envelopes].reverse().find((e) => e.type === type)
    if (!found) throw new Error(`no ${type} in the log`)
    return found
  }
}

/** Folds every trading projection over envelopes, starting from a JSON round trip of init() (as checkpoints would). */
export function foldProjections(envelopes: readonly EventEnvelope[]): Map<string, unknown> {
  const states = new Map<string, unknown>()
  for (const projection of trading.projections) {
    let state = JSON.parse(JSON.stringify(projection.init()))
    for (const envelope of envelopes) if (projection.on.includes(envelope.type)) state = projection.apply(state, envelope)
    states.set(projection.name, state)
  }
  return states
}
