import { v5 as uuidv5, v7 as uuidv7 } from 'uuid'
import {
  isRejection,
  toCodedError,
  validateCommand,
  type AggregateDefinition,
  type DecideContext,
  type DomainEvent,
  type EventEnvelope,
  type EventMeta,
  type Policy,
  type Rejection,
} from '../../domain/kernel/index.ts'
import type { EventStore, NewEvent } from '../store/event-store.ts'
import type { Cause, IdentifiedCommand, LivePorts } from './engine-types.ts'
import type { CommandRoute, Registry } from './registry.ts'
import type { StreamEntry, StreamStates } from './stream-states.ts'
import type { SupersededEvents } from './superseded.ts'

/** The namespace of the ids of a policy's events (UUIDv5 of the reaction's command id and the event's index). */
const POLICY_EVENT_NAMESPACE = 'c1a4f0d2-7b3e-5a19-8d6c-4e2f9b7a0c51'

/**
 * The id of the `index`th event a policy's command decides (or `rejected`: its PolicyCommandRejected).
 * The command's id derives from the causing event, the policy and the reaction's index, so two laptops
 * reacting to the same event give the same ids and the sync server keeps one.
 */
export function policyEventId(commandId: string, index: number | 'rejected'): string {
  return uuidv5(`${commandId}#${index}`, POLICY_EVENT_NAMESPACE)
}

/** What deciding needs: the registry, the log, aggregate states, time and prices, and who hears new events. */
export interface DecideOptions {
  registry: Registry
  store: EventStore
  states: StreamStates
  ports: LivePorts
  /** Hears every event appended (projections fold it, checkpoints are taken). */
  appended(events: readonly EventEnvelope[]): void
  /** Events a team-sync rebase withdrew: aggregate states are folded without them. */
  superseded?: SupersededEvents
}

/**
 * Decides one command at a time: validates its data, checks preconditions on other aggregates, loads the
 * aggregate's state, asks its decider and appends what it decides to the aggregate's stream (the store
 * checks the expected version). A policy's rejected command is recorded as PolicyCommandRejected.
 */
export class Decisions {
  private readonly registry: Registry
  private readonly store: EventStore
  private readonly states: StreamStates
  private readonly ports: LivePorts
  private readonly appended: (events: readonly EventEnvelope[]) => void
  private readonly superseded?: SupersededEvents

  constructor(options: DecideOptions) {
    this.registry = options.registry
    this.store = options.store
    this.states = options.states
    this.ports = options.ports
    this.appended = options.appended
    this.superseded = options.superseded
  }

  /**
   * Decides and appends one command. A root command's rejection is returned; a policy's is recorded on
   * `Policy-<policy>` (never dropped) and the recorded event returned.
   */
  execute(input: IdentifiedCommand, cause: Cause, policy?: Policy, knownRoute?: CommandRoute): EventEnvelope[] | Rejection {
    const outcome = this.decideOne(input, cause, knownRoute, policy !== undefined)
    if (!isRejection(outcome)) return outcome
    if (!policy) return outcome
    const stream = `Policy-${policy.name}`
    const event = this.newEvent(
      { type: 'PolicyCommandRejected', data: { policy: policy.name, command: input.command, data: input.data, code: outcome.code, message: outcome.message } },
      { context: 'engine', aggregate: 'Policy', command: input.command, commandId: input.commandId, ...cause },
      this.ports.clock().now(),
      policyEventId(input.commandId, 'rejected'),
    )
    const envelopes = this.store.appendToStream(stream, [event], { expectedStreamVersion: this.store.streamVersion(stream) })
    this.appended(envelopes)
    return envelopes
  }

  private decideOne(input: IdentifiedCommand, cause: Cause, knownRoute: CommandRoute | undefined, byPolicy: boolean): EventEnvelope[] | Rejection {
    let route: CommandRoute
    try {
      route = knownRoute ?? this.registry.route(input.command, input.aggregate)
    } catch (error) {
      const value = toCodedError(error)
      return { kind: 'rejection', code: value.code, message: value.message, details: value.details }
    }
    const valid = validateCommand(input.command, route.spec, input.data)
    if (!valid.ok) return valid.rejection
    const data = valid.data
    for (const pre of this.registry.preconditions(route, data)) {
      const other = this.registry.aggregate(pre.aggregate)
      if (!other) throw new Error(`bug: precondition on unknown aggregate ${pre.aggregate}`)
      const { state, version } = this.load(pre.stream, other.aggregate)
      if (!pre.holds(state, version)) return { kind: 'rejection', code: pre.code, message: pre.message, details: { stream: pre.stream } }
    }
    const stream = `${route.aggregate.name}-${route.spec.id(data)}`
    const loaded = this.load(stream, route.aggregate)
    if (input.expectedVersion !== undefined && input.expectedVersion !== loaded.version) {
      return {
        kind: 'rejection', code: 'CONCURRENCY_CONFLICT',
        message: `${stream} is at version ${loaded.version}, not ${input.expectedVersion}: someone changed it meanwhile. Reload and try again.`,
        details: { stream, expectedVersion: input.expectedVersion, actualVersion: loaded.version },
      }
    }
    const store = this.store
    const context: DecideContext = {
      now: this.ports.clock().now(),
      quote: (symbol) => this.ports.quotes.get(symbol),
      settings: this.ports.settings(),
      log: { get lastPosition() { return store.lastPosition }, hasEvent: (id: string) => store.hasEvent(id) },
    }
    const decided = route.aggregate.decider.decide({ type: input.command, data }, loaded.state, context)
    if (isRejection(decided)) return decided
    if (decided.length === 0) return []
    const meta = { context: route.context.name, aggregate: route.aggregate.name, command: input.command, commandId: input.commandId, ...cause }
    const withInput = { ...meta, input: data }
    const envelopes = this.store.appendToStream(stream, decided.map((event, i) => this.newEvent(event, i === 0 ? withInput : meta, context.now, byPolicy ? policyEventId(input.commandId, i) : undefined)), { expectedStreamVersion: loaded.version })
    let state = loaded.state
    for (const envelope of envelopes) state = route.aggregate.decider.evolve(state, envelope)
    this.states.set(stream, { aggregate: route.aggregate.name, version: loaded.version + envelopes.length, state })
    this.appended(envelopes)
    return envelopes
  }

  private newEvent(event: DomainEvent, meta: Omit<EventMeta, 'schema'>, at: string, id = uuidv7()): NewEvent {
    return { id, type: event.type, at, data: event.data, meta: { ...meta, schema: this.registry.schemaOf(event.type) } }
  }

  /**
   * An aggregate's state and version: kept in memory (saved beside the checkpoints, so also after an
   * open); an entry behind the log is topped up with the stream's newer events, a missing one folded
   * from the whole stream (superseded events left out; they keep their versions).
   */
  load(stream: string, aggregate: AggregateDefinition): StreamEntry {
    const version = this.store.streamVersion(stream)
    const cached = this.states.get(stream)
    if (cached && cached.version === version) return cached
    const usable = cached !== undefined && cached.version < version
    let state = usable ? cached.state : aggregate.decider.initialState
    for (const event of this.store.readStreamAfter(stream, usable ? cached.version : 0)) {
      if (!this.superseded?.has(event.id)) state = aggregate.decider.evolve(state, event)
    }
    const loaded = { aggregate: aggregate.name, version, state }
    if (version > 0) this.states.set(stream, loaded)
    return loaded
  }
}
