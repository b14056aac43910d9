import type { EventEnvelope, Policy, PolicyContext } from '../../domain/kernel/index.ts'
import type { EventStore } from '../store/event-store.ts'
import { policyEventId, type Decisions } from './decide.ts'
import type { Cause, IdentifiedCommand, LivePorts } from './engine-types.ts'
import type { ReadModels } from './read-models.ts'
import type { Registry } from './registry.ts'

/** A command a policy issues in reaction to an event, with its derived id and cause. */
export interface Reaction {
  input: IdentifiedCommand
  cause: Cause
  policy: Policy
}

/**
 * The policy cascade: what policies and external systems do in reaction to new events, run FIFO (log
 * order is processing order) until quiet. A command a policy issues gets an id derived from the event and
 * the policy, so a cascade cut short by a crash can be resumed without doing anything twice.
 */
export class Cascade {
  private readonly registry: Registry
  private readonly store: EventStore
  private readonly decisions: Decisions
  private readonly readModels: ReadModels
  private readonly ports: LivePorts

  constructor(options: { registry: Registry; store: EventStore; decisions: Decisions; readModels: ReadModels; ports: LivePorts }) {
    this.registry = options.registry
    this.store = options.store
    this.decisions = options.decisions
    this.readModels = options.readModels
    this.ports = options.ports
  }

  /** What policies and external systems see: time, quotes, settings, and the read models now. */
  context(): PolicyContext {
    return {
      now: this.ports.clock().now(),
      settings: this.ports.settings(),
      quote: (symbol) => this.ports.quotes.get(symbol),
      query: (name, params = {}) => this.readModels.run(name, params),
    }
  }

  /** Runs the policies of new events until the cascade is quiet; returns `first` with everything that followed. */
  run(first: readonly EventEnvelope[]): EventEnvelope[] {
    const all = [...first]
    for (let i = 0; i < all.length; i++) {
      for (const next of this.reactionsTo(all[i])) all.push(...this.react(next))
    }
    return all
  }

  /** Decides a policy's (or external system's) command: its events, or the recorded rejection. */
  react(reaction: Reaction): EventEnvelope[] {
    return this.decisions.execute(reaction.input, reaction.cause, reaction.policy) as EventEnvelope[]
  }

  /**
   * Re-runs the policies of the newest cascade in the log (cut short by a crash); commands already in the
   * log are skipped (their ids derive from events). A cascade starting at or before `syncedThrough` is not
   * resumed: it was pushed whole, or pulled (decided elsewhere, where its policies ran). Returns what was
   * added (not yet flushed).
   */
  resume(syncedThrough = 0): EventEnvelope[] {
    const start = this.store.lastCorrelationStart
    if (start === 0 || start <= syncedThrough) return []
    const tail = this.store.readRange(start, this.store.lastPosition)
    const done = new Set(tail.map((e) => e.meta.commandId))
    const produced: EventEnvelope[] = []
    const fifo = [...tail]
    for (let i = 0; i < fifo.length; i++) {
      for (const next of this.reactionsTo(fifo[i])) {
        if (done.has(next.input.commandId)) continue
        done.add(next.input.commandId)
        const events = this.react(next)
        produced.push(...events)
        fifo.push(...events)
      }
    }
    return produced
  }

  /**
   * After a pull: runs the policies of events decided elsewhere on the merged state, so a policy that now
   * applies (its condition met by events from two laptops) fires here. A reaction the log holds already
   * (its derived event ids, or its command among `recorded`) is skipped: the laptop that decided the
   * event reacted, and pushed it. What the reactions decide cascades as usual. Returns what was added.
   */
  catchUp(pulled: readonly EventEnvelope[], recorded: ReadonlySet<string>): EventEnvelope[] {
    const produced: EventEnvelope[] = []
    for (const event of pulled) {
      for (const next of this.reactionsTo(event)) {
        const id = next.input.commandId
        if (recorded.has(id) || this.store.hasEvent(policyEventId(id, 0)) || this.store.hasEvent(policyEventId(id, 'rejected'))) continue
        produced.push(...this.run(this.react(next)))
      }
    }
    return produced
  }

  /** The commands policies and external systems issue in reaction to one event, with derived ids. */
  private reactionsTo(event: EventEnvelope): Reaction[] {
    const out: Reaction[] = []
    const policies = this.registry.policiesFor(event.type)
    if (policies.length === 0) return out
    const context = this.context()
    for (const policy of policies) {
      policy.react(event, context).forEach((command, i) => {
        out.push({
          input: { command: command.command, aggregate: command.aggregate, data: command.data, commandId: `${event.id}/${policy.name}/${i}` },
          cause: policy.kind === 'external'
            ? { actor: policy.name, policy: null, causationId: event.id, correlationId: event.meta.correlationId }
            : { actor: null, policy: policy.name, causationId: event.id, correlationId: event.meta.correlationId },
          policy,
        })
      })
    }
    return out
  }
}
