import {
  isRejection,
  validateCommand,
  type DomainEvent,
  type EventEnvelope,
  type Projection,
} from '../../../domain/kernel/index.ts'
import { sales, salesPreconditions } from '../../../domain/sales/index.ts'
import { fold, upcast } from '../../support/gwt.ts'

/** Who issued a command and when, for the envelope's meta. */
export interface Issuer {
  actor?: string | null
  policy?: string | null
  at?: string
}

/**
 * A test's event log for the sales context: commands are decided by the real aggregates and stored as
 * envelopes with meta; gwt's givenLog(sales, log) reads it (its envelopes and its clock). Not an engine: no cascade.
 */
export class SalesLog {
  readonly envelopes: EventEnvelope[] = []
  now: string

  constructor(start = '2027-01-04T09:00:00.000Z') {
    this.now = start
  }

  /** Moves the clock on by whole days. */
  advance(days: number): this {
    this.now = new Date(Date.parse(this.now) + days * 86_400_000).toISOString()
    return this
  }

  /** Decides a command on its aggregate's stream and appends the events; throws on a rejection. */
  run(command: string, data: Record<string, unknown>, issuer: Issuer = {}): EventEnvelope[] {
    const aggregate = sales.aggregates.find((a) => a.commands[command] !== undefined)
    if (!aggregate) throw new Error(`no sales aggregate handles ${command}`)
    const spec = aggregate.commands[command]
    const valid = validateCommand(command, spec, data)
    if (!valid.ok) throw new Error(`${command} rejected: ${valid.rejection.code} ${valid.rejection.message}`)
    for (const need of salesPreconditions(command, valid.data)) {
      if (this.stream(need.stream).length === 0 && need.mustExist) throw new Error(`${command} rejected: ${need.code}`)
    }
    const stream = `${aggregate.name}-${spec.id(valid.data)}`
    const state = this.stream(stream).reduce((s, e) => aggregate.decider.evolve(s, e), aggregate.decider.initialState)
    const outcome = aggregate.decider.decide({ type: command, data: valid.data }, state, { now: this.now, quote: () => undefined, settings: {} })
    if (isRejection(outcome)) throw new Error(`${command} rejected: ${outcome.code} ${outcome.message}`)
    return outcome.map((event) => this.append(stream, event, { ...issuer, command, aggregate: aggregate.name }))
  }

  /** Appends one event as it would stand in the log (at the current schema of its type unless `schema` says older). */
  append(stream: string, event: DomainEvent, issuer: Issuer & { command?: string; aggregate?: string; schema?: number } = {}): EventEnvelope {
    const position = this.envelopes.length + 1
    const envelope: EventEnvelope = {
      position,
      id: `e-${position}`,
      stream,
      version: this.stream(stream).length + 1,
      type: event.type,
      at: issuer.at ?? this.now,
      data: event.data,
      meta: {
        context: 'sales',
        aggregate: issuer.aggregate ?? stream.slice(0, stream.indexOf('-')),
        command: issuer.command ?? '(test)',
        commandId: `c-${position}`,
        actor: issuer.policy ? null : (issuer.actor ?? 'rep-7'),
        policy: issuer.policy ?? null,
        causationId: `c-${position}`,
        correlationId: `c-${position}`,
        schema: issuer.schema ?? sales.eventSchemas?.[event.type] ?? 1,
      },
    }
    this.envelopes.push(envelope)
    return envelope
  }

  /** The envelopes of one stream, in order. */
  stream(stream: string): EventEnvelope[] {
    return this.envelopes.filter((e) => e.stream === stream)
  }

  /** A projection folded over the whole log, as read (upcast), optionally through a JSON round trip halfway as a checkpoint would. */
  fold<S>(projection: Projection<S>, options: { checkpointAt?: number } = {}): S {
    return fold(projection, this.envelopes.map((e) => upcast(sales, e)), options.checkpointAt)
  }
}
