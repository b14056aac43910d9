import {
  isRejection,
  reject,
  validateCommand,
  type AggregateDefinition,
  type EventEnvelope,
  type ReactionCommand,
  type Rejection,
} from '../../../domain/kernel/index.ts'
import { trading } from '../../../domain/trading/index.ts'
import { readContext } from '../../support/gwt.ts'
import { Log } from './fixtures.ts'

/**
 * A few lines of engine for tests of the whole trading cascade: schema, preconditions, decide, append,
 * then policies and external systems FIFO until quiet, as DESIGN.md's dispatch describes it.
 */
export class World {
  readonly log = new Log()
  quotes: Record<string, string> = {}
  now = '2027-01-04T09:00:00.000Z'
  settings: Record<string, unknown> = {}
  readonly policyRejections: Array<{ policy: string; command: string; code: string }> = []

  /** The log's envelopes: with now, quotes and settings, what gwt's givenLog reads. */
  get envelopes(): readonly EventEnvelope[] {
    return this.log.envelopes
  }

  private aggregateFor(command: string, name?: string): AggregateDefinition<any> {
    const found = trading.aggregates.filter((a) => a.commands[command] && (name === undefined || a.name === name))
    if (found.length !== 1) throw new Error(`cannot tell which aggregate takes ${command}`)
    return found[0]
  }

  private stateOf(aggregate: AggregateDefinition<any>, stream: string): unknown {
    return this.log.envelopes.filter((e) => e.stream === stream).reduce((s, e) => aggregate.decider.evolve(s, e), aggregate.decider.initialState)
  }

  private decideAndAppend(command: ReactionCommand, policy: string | null): EventEnvelope[] | Rejection {
    const aggregate = this.aggregateFor(command.command, command.aggregate)
    const spec = aggregate.commands[command.command]
    if (spec.policyOnly && policy === null) return reject('POLICY_ONLY', `${command.command} is issued by policies only`)
    const valid = validateCommand(command.command, spec, command.data)
    if (!valid.ok) return valid.rejection
    for (const p of trading.preconditions?.(command.command, aggregate.name, valid.data) ?? []) {
      const target = trading.aggregates.find((a) => a.name === p.aggregate)!
      const version = this.log.envelopes.filter((e) => e.stream === p.stream).length
      if (!p.holds(this.stateOf(target, p.stream), version)) return reject(p.code, p.message)
    }
    const stream = `${aggregate.name}-${spec.id(valid.data)}`
    const context = { now: this.now, settings: this.settings, quote: (s: string) => this.quote(s) }
    const outcome = aggregate.decider.decide({ type: command.command, data: valid.data }, this.stateOf(aggregate, stream), context)
    return isRejection(outcome) ? outcome : this.log.append(stream, outcome, this.now)
  }

  private quote(symbol: string) {
    return this.quotes[symbol] === undefined ? undefined : { symbol, price: this.quotes[symbol], at: this.now }
  }

  private context() {
    return readContext(trading, this, { checkpointAt: 0 })
  }

  /** Runs reactions to events until the cascade is quiet; returns every event it caused. */
  private cascade(first: EventEnvelope[]): EventEnvelope[] {
    const queue = [...first]
    const all = [...first]
    while (queue.length > 0) {
      const event = queue.shift()!
      for (const policy of trading.policies.filter((p) => p.on.includes(event.type))) {
        for (const command of policy.react(event, this.context())) {
          const outcome = this.decideAndAppend(command, policy.name)
          if (isRejection(outcome)) this.policyRejections.push({ policy: policy.name, command: command.command, code: outcome.code })
          else { queue.push(...outcome); all.push(...outcome) }
        }
      }
    }
    return all
  }

  /** A person's command and its whole cascade: the events, or the rejection. */
  dispatch(command: string, data: Record<string, unknown>, aggregate?: string): EventEnvelope[] | Rejection {
    const outcome = this.decideAndAppend({ command, aggregate, data }, null)
    return isRejection(outcome) ? outcome : this.cascade(outcome)
  }

  /** A command as a policy issues it (policy-only commands allowed) and its whole cascade: the events, or the rejection. */
  issueAs(policy: string, command: string, data: Record<string, unknown>, aggregate?: string): EventEnvelope[] | Rejection {
    const outcome = this.decideAndAppend({ command, aggregate, data }, policy)
    return isRejection(outcome) ? outcome : this.cascade(outcome)
  }

  private external(commands: (policy: (typeof trading.policies)[number]) => ReactionCommand[]): EventEnvelope[] {
    const all: EventEnvelope[] = []
    for (const policy of trading.policies) {
      for (const command of commands(policy)) {
        const outcome = this.decideAndAppend(command, policy.name)
        if (isRejection(outcome)) this.policyRejections.push({ policy: policy.name, command: command.command, code: outcome.code })
        else all.push(...this.cascade(outcome))
      }
    }
    return all
  }

  /** Sets quotes and lets external systems act, each command with its full cascade before the next. */
  market(quotes: Record<string, string>): EventEnvelope[] {
    Object.assign(this.quotes, quotes)
    return this.external((p) => p.onMarket?.(Object.keys(quotes), this.context()) ?? [])
  }

  /** Moves the clock and lets external systems act. */
  advance(to: string): EventEnvelope[] {
    const previous = this.now
    this.now = to
    return this.external((p) => p.onClock?.(previous, this.context()) ?? [])
  }
}

