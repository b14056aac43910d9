import { codedError, validateCommand, type EventEnvelope } from '../../domain/kernel/index.ts'
import type { EventStore } from '../store/event-store.ts'
import type { IdentifiedCommand } from './engine-types.ts'
import type { Registry } from './registry.ts'

/** A value as JSON text with object keys sorted, so equal commands give equal text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  )
}

/**
 * Idempotent commandIds: a root command sent again with the same id is answered with its recorded events
 * (nothing is written); the same id with another command (name, aggregate or data) is refused with
 * COMMAND_ID_REUSED. The data is compared with the input the log keeps on the command's first event; logs
 * written before inputs were kept are compared by the stream the data addresses.
 */
export class CommandIds {
  private readonly store: EventStore
  private readonly registry: Registry

  constructor(store: EventStore, registry: Registry) {
    this.store = store
    this.registry = registry
  }

  /**
   * The recorded events of a command id already in the log (its own and its cascade's), or undefined when
   * the id is new. Throws COMMAND_ID_REUSED when the id was recorded for another command.
   */
  recordedEvents(input: IdentifiedCommand): EventEnvelope[] | undefined {
    const position = this.store.commandPosition(input.commandId)
    if (position === undefined) return undefined
    const events = this.cascadeFrom(position)
    const problem = this.difference(input, events[0])
    if (problem) {
      throw codedError('COMMAND_ID_REUSED', `commandId ${input.commandId} was already used for another command (${problem}); use a new id.`, {
        field: 'commandId', commandId: input.commandId, recorded: { command: events[0].meta.command, aggregate: events[0].meta.aggregate, stream: events[0].stream },
      })
    }
    return events
  }

  /** What differs between a command and the first event recorded under its id (undefined: the same command). */
  private difference(input: IdentifiedCommand, first: EventEnvelope): string | undefined {
    if (input.command !== first.meta.command) return `it was ${first.meta.command}`
    if (input.aggregate !== undefined && input.aggregate !== first.meta.aggregate) return `it was on ${first.meta.aggregate}`
    let route
    try {
      route = this.registry.route(input.command, first.meta.aggregate)
    } catch {
      return `it was on ${first.meta.aggregate}`
    }
    const valid = validateCommand(input.command, route.spec, input.data)
    if (!valid.ok) return 'other data'
    if (first.meta.input !== undefined) return canonical(valid.data) === canonical(first.meta.input) ? undefined : 'other data'
    const stream = `${route.aggregate.name}-${route.spec.id(valid.data)}`
    return stream === first.stream ? undefined : `it addressed ${first.stream}`
  }

  /** The events of a recorded root command: its own and its cascade's (they are contiguous). */
  private cascadeFrom(position: number): EventEnvelope[] {
    const events: EventEnvelope[] = []
    const last = this.store.lastPosition
    const correlation = this.store.readRange(position, position)[0].meta.correlationId
    for (let p = position; p <= last; p += 64) {
      for (const e of this.store.readRange(p, Math.min(p + 63, last))) {
        if (e.meta.correlationId !== correlation) return events
        events.push(e)
      }
    }
    return events
  }
}
