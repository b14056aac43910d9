import { v7 as uuidv7 } from 'uuid'
import {
  isRejection,
  validateCommand,
  type BoundedContext,
  type Clock,
  type AggregateDefinition,
  type DecideContext,
  type DomainEvent,
  type EventEnvelope,
  type Policy,
  type PolicyContext,
  type Projection,
  type QueryContext,
  type ReactionCommand,
  type Rejection,
} from '../../domain/kernel/index.ts'
import { fieldPath } from '../../domain/kernel/index.ts'
import type { CheckpointFolder } from '../store/checkpoints.ts'
import { StormbookError } from '../store/errors.ts'
import type { EventStore } from '../store/event-store.ts'
import type { QuoteService } from './quotes.ts'
import { commandInputSchema, Registry, type CommandInput, type CommandRoute } from './registry.ts'
import { AGGREGATES_CHECKPOINT, AGGREGATES_FORMAT, StreamStates, type StreamEntry } from './stream-states.ts'

/** A coded error as it crosses every boundary: `{code, message, details}`. */
export interface ErrorValue {
  code: string
  message: string
  details?: Record<string, unknown>
}

/** What dispatch answers: the events (the whole cascade) and the last position, or why not. */
export type DispatchResult =
  | { ok: true; events: EventEnvelope[]; position: number; duplicate?: boolean }
  | { ok: false; error: ErrorValue }

/** Who is behind a command: an actor, or a policy reacting to an event. */
interface Cause {
  actor: string | null
  policy: string | null
  causationId: string
  correlationId: string
}

/** Options of an engine over one workspace's log. */
export interface EngineOptions {
  contexts: readonly BoundedContext[]
  store: EventStore
  clock: Clock
  quotes: QuoteService
  settings?: Record<string, unknown>
  checkpoints?: CheckpointFolder
  /** Save projection checkpoints every this many events (default 10,000). */
  checkpointEvery?: number
  /** Aggregate states kept in memory (least recently used dropped first; default 100,000). */
  cacheSize?: number
}

/** A subscriber to new events (the renderer, through its host). */
export type Listener = (events: readonly EventEnvelope[]) => void

function errorValue(error: unknown): ErrorValue {
  if (error instanceof StormbookError) return error.toJSON()
  if (isRejection(error)) return { code: error.code, message: error.message, details: error.details ?? {} }
  return { code: 'INTERNAL', message: `Unexpected error: ${(error as Error)?.message ?? String(error)}`, details: {} }
}

/**
 * The engine of one workspace: validates, decides, appends with expected versions, folds projections,
 * runs the policy cascade (FIFO), notifies subscribers and answers queries as of any position.
 * Commands are taken one at a time, in arrival order.
 */
export class Engine {
  readonly registry: Registry
  readonly store: EventStore
  private clockPort: Clock
  readonly quotes: QuoteService
  private settingsValue: Record<string, unknown>
  private readonly states: StreamStates
  private readonly projectionStates = new Map<string, unknown>()
  private readonly projectionTypes = new Map<string, Set<string>>()
  private readonly checkpoints?: CheckpointFolder
  private readonly checkpointEvery: number
  private readonly listeners = new Set<Listener>()
  private queue: Promise<unknown> = Promise.resolve()
  private timeTravel: { projection: string; position: number; state: unknown } | null = null
  private closed = false

  constructor(options: EngineOptions) {
    this.registry = new Registry(options.contexts)
    this.store = options.store
    this.clockPort = options.clock
    this.quotes = options.quotes
    this.settingsValue = this.registry.settings(options.settings ?? {})
    this.checkpoints = options.checkpoints
    this.checkpointEvery = options.checkpointEvery ?? 10_000
    this.states = new StreamStates(this.registry.aggregateDefinitions(), options.cacheSize ?? 100_000)
    for (const projection of this.registry.projections) {
      this.projectionStates.set(projection.name, projection.init())
      this.projectionTypes.set(projection.name, new Set(projection.on))
    }
  }

  /** The clock events are stamped with. */
  get clock(): Clock {
    return this.clockPort
  }

  /**
   * Runs work with another clock (a sample flow's simulated one) and puts the host's clock back after,
   * even when the work fails.
   */
  async withClock<T>(clock: Clock, work: () => Promise<T>): Promise<T> {
    const previous = this.clockPort
    this.clockPort = clock
    try {
      return await work()
    } finally {
      this.clockPort = previous
    }
  }

  /** Current settings, with every context's defaults. */
  get settings(): Readonly<Record<string, unknown>> {
    return this.settingsValue
  }

  /** Validates and applies new settings (SETTINGS_INVALID names the field; nothing changes then). */
  setSettings(raw: Record<string, unknown>): Record<string, unknown> {
    this.settingsValue = this.registry.settings(raw)
    this.timeTravel = null
    return this.settingsValue
  }

  // ----- opening --------------------------------------------------------------------------------

  /**
   * Where each projection's newest usable checkpoint stands, loaded into the live states; returns the
   * first position the opening scan must fold (0 = nothing needs the scan).
   */
  loadCheckpoints(): number {
    let from = Number.POSITIVE_INFINITY
    for (const projection of this.registry.projections) {
      const position = this.checkpoints?.nearest(projection.name, Number.POSITIVE_INFINITY) ?? 0
      const checkpoint = position > 0 ? this.checkpoints?.load(projection.name, position) : undefined
      if (checkpoint && checkpoint.version === (projection.version ?? 1)) {
        this.projectionStates.set(projection.name, checkpoint.state)
        this.loadedCheckpoints.set(projection.name, { position, eventId: checkpoint.eventId })
        from = Math.min(from, position + 1)
      } else {
        this.projectionStates.set(projection.name, projection.init())
        this.loadedCheckpoints.set(projection.name, { position: 0, eventId: '' })
        from = 1
      }
    }
    this.loadAggregateStates()
    return from === Number.POSITIVE_INFINITY ? 1 : from
  }

  private readonly loadedCheckpoints = new Map<string, { position: number; eventId: string }>()
  /** Where the loaded aggregate states were saved, checked against the log once it is read. */
  private loadedAggregates: { position: number; eventId: string } | null = null

  /** Loads the newest saved aggregate states (they do not decide where the opening scan starts). */
  private loadAggregateStates(): void {
    this.states.clear()
    this.loadedAggregates = null
    const position = this.checkpoints?.nearest(AGGREGATES_CHECKPOINT, Number.POSITIVE_INFINITY) ?? 0
    const checkpoint = position > 0 ? this.checkpoints?.load(AGGREGATES_CHECKPOINT, position) : undefined
    if (checkpoint && this.states.load(checkpoint) > 0) this.loadedAggregates = { position, eventId: checkpoint.eventId }
  }

  /** Folds one event read by the opening scan into the projections whose checkpoint lies before it. */
  foldOnOpen = (event: EventEnvelope): void => {
    for (const projection of this.registry.projections) {
      const loaded = this.loadedCheckpoints.get(projection.name)
      if (loaded && event.position <= loaded.position) {
        if (event.position === loaded.position && event.id !== loaded.eventId) loaded.eventId = '!mismatch'
        continue
      }
      this.applyTo(projection, event)
    }
    this.states.fold(event)
    const due = this.dueCheckpoints(event.position)
    if (due.length > 0) this.saveCheckpoints(event.position, event.id, this.serialiseStates(due))
  }

  /** The projections whose checkpoint interval ends at this position. */
  private dueCheckpoints(position: number): Projection[] {
    if (!this.checkpoints) return []
    return this.registry.projections.filter((p) => position % this.intervalOf(p) === 0)
  }

  private intervalOf(projection: Projection): number {
    return projection.checkpointEvery ?? this.checkpointEvery
  }

  /**
   * Finishes opening: checkpoints that do not match this log are dropped and their projections refolded;
   * a long tail gets a fresh checkpoint; a cascade cut short by a crash is resumed.
   */
  async finishOpen(onProgress?: (done: number, total: number) => void): Promise<EventEnvelope[]> {
    const last = this.store.lastPosition
    for (const projection of this.registry.projections) {
      const loaded = this.loadedCheckpoints.get(projection.name)
      if (!loaded || loaded.position === 0) continue
      const ok = loaded.position <= last && loaded.eventId !== '!mismatch' && this.store.readRange(loaded.position, loaded.position)[0]?.id === loaded.eventId
      if (!ok) {
        this.checkpoints?.drop(projection.name, loaded.position)
        this.projectionStates.set(projection.name, this.foldRange(projection, projection.init(), 1, last, onProgress))
      }
    }
    this.loadedCheckpoints.clear()
    const saved = this.loadedAggregates
    if (saved && (saved.position > last || this.store.readRange(saved.position, saved.position)[0]?.id !== saved.eventId)) {
      // Saved for another log, or for a longer one: nothing in them can be trusted.
      this.states.clear()
      this.checkpoints?.drop(AGGREGATES_CHECKPOINT, saved.position)
    }
    this.loadedAggregates = null
    if (this.checkpoints && !this.store.readOnly && last > 0) {
      const newest = this.newestCheckpoint(last)
      if (last - newest >= this.checkpointEvery / 10 || newest === 0) {
        const lastEvent = this.store.readRange(last, last)[0]
        this.saveCheckpoints(last, lastEvent.id, this.serialiseStates(), this.states.serialise())
      }
    }
    return this.store.readOnly ? [] : this.resumeCascade()
  }

  /** Re-runs the policies of the newest cascade; commands already in the log are skipped (ids derive from events). */
  private async resumeCascade(): Promise<EventEnvelope[]> {
    const start = this.store.lastCorrelationStart
    if (start === 0) return []
    const tail = this.store.readRange(start, this.store.lastPosition)
    const done = new Set(tail.map((e) => e.meta.commandId))
    const produced: EventEnvelope[] = []
    const fifo = [...tail]
    for (let i = 0; i < fifo.length; i++) {
      for (const next of this.reactionsTo(fifo[i])) {
        if (done.has(next.input.commandId)) continue
        done.add(next.input.commandId)
        const events = this.react(next.input, next.cause, next.policy)
        produced.push(...events)
        fifo.push(...events)
      }
    }
    if (produced.length > 0) {
      await this.store.flush()
      this.notify(produced)
    }
    return produced
  }

  // ----- dispatch -------------------------------------------------------------------------------

  /**
   * Takes one command through the pipeline of DESIGN.md and resolves once its events (with the whole
   * policy cascade) are durable. Never throws: rejections and bad input come back as coded errors.
   */
  dispatch(input: unknown): Promise<DispatchResult> {
    return this.enqueue(() => this.decideNow(input))
  }

  /** Runs `work` in the workspace's queue and waits for its events to be on disk. */
  private enqueue(work: () => { result: DispatchResult; flush: boolean }): Promise<DispatchResult> {
    const step = this.queue.then(() => {
      if (this.closed) return { result: { ok: false as const, error: { code: 'WORKSPACE_CLOSED', message: 'The workspace is closed.' } }, flush: false }
      try {
        return work()
      } catch (error) {
        return { result: { ok: false as const, error: errorValue(error) }, flush: false }
      }
    })
    this.queue = step
    return step.then(async ({ result, flush }) => {
      if (!flush || !result.ok) return result
      try {
        await this.store.flush()
      } catch (error) {
        return { ok: false, error: { code: 'STORE_FAILED', message: `The event log could not be written: ${(error as Error).message}`, details: {} } }
      }
      if (!result.duplicate) this.notify(result.events)
      this.afterFlush()
      return result
    })
  }

  private decideNow(raw: unknown): { result: DispatchResult; flush: boolean } {
    const parsed = commandInputSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path
      const field = fieldPath(path) || 'command'
      return { result: { ok: false, error: { code: 'INVALID_COMMAND', message: `${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`, details: { field } } }, flush: false }
    }
    const input = parsed.data
    if (this.store.readOnly) return { result: { ok: false, error: { code: 'READ_ONLY', message: 'This workspace is open read-only: commands cannot be recorded.', details: {} } }, flush: false }
    const commandId = input.commandId ?? uuidv7()
    const seen = this.store.commandPosition(commandId)
    if (seen !== undefined) {
      const events = this.cascadeFrom(seen)
      return { result: { ok: true, events, position: events[events.length - 1].position, duplicate: true }, flush: true }
    }
    const route = this.registry.route(input.command, input.aggregate)
    if (route.spec.policyOnly) {
      return { result: { ok: false, error: { code: 'POLICY_ONLY', message: `${input.command} is issued by a policy, not by an actor.`, details: { field: 'command' } } }, flush: false }
    }
    const cause: Cause = { actor: input.actor ?? null, policy: null, causationId: commandId, correlationId: commandId }
    const first = this.execute({ ...input, commandId }, cause, undefined, route)
    if (isRejection(first)) return { result: { ok: false, error: { code: first.code, message: first.message, details: first.details ?? {} } }, flush: false }
    const events = this.cascade(first)
    return { result: { ok: true, events, position: this.store.lastPosition }, flush: events.length > 0 }
  }

  /** The events of a recorded root command: its own and its cascade's (they are contiguous). */
  private cascadeFrom(position: number): EventEnvelope[] {
    const events: EventEnvelope[] = []
    const correlation = this.store.readRange(position, position)[0].meta.correlationId
    for (let p = position; p <= this.store.lastPosition; p += 64) {
      for (const e of this.store.readRange(p, Math.min(p + 63, this.store.lastPosition))) {
        if (e.meta.correlationId !== correlation) return events
        events.push(e)
      }
    }
    return events
  }

  /** Runs the policies of new events until the cascade is quiet (FIFO: log order is processing order). */
  private cascade(first: EventEnvelope[]): EventEnvelope[] {
    const all = [...first]
    for (let i = 0; i < all.length; i++) {
      for (const next of this.reactionsTo(all[i])) all.push(...this.react(next.input, next.cause, next.policy))
    }
    return all
  }

  private policyContext(): PolicyContext {
    return {
      now: this.clock.now(),
      settings: this.settingsValue,
      quote: (symbol) => this.quotes.get(symbol),
      query: (name, params = {}) => this.runQuery(name, params),
    }
  }

  /** The commands policies and external systems issue in reaction to one event, with derived ids. */
  private reactionsTo(event: EventEnvelope): Array<{ input: CommandInput & { commandId: string }; cause: Cause; policy: Policy }> {
    const out: Array<{ input: CommandInput & { commandId: string }; cause: Cause; policy: Policy }> = []
    const policies = this.registry.policiesFor(event.type)
    if (policies.length === 0) return out
    const context = this.policyContext()
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

  /**
   * Decides one command and appends its events. A root command's rejection is returned; a policy's
   * rejected command is recorded as PolicyCommandRejected on `Policy-<policy>`, never dropped.
   */
  private react(input: CommandInput & { commandId: string }, cause: Cause, policy: Policy): EventEnvelope[] {
    return this.execute(input, cause, policy) as EventEnvelope[]
  }

  private execute(input: CommandInput & { commandId: string }, cause: Cause, policy?: Policy, knownRoute?: CommandRoute): EventEnvelope[] | Rejection {
    const outcome = this.decideOne(input, cause, knownRoute)
    if (!isRejection(outcome)) return outcome
    if (!policy) return outcome
    const stream = `Policy-${policy.name}`
    const version = this.store.streamVersion(stream) + 1
    const envelope = this.envelope(stream, this.store.lastPosition + 1, version, { type: 'PolicyCommandRejected', data: { policy: policy.name, command: input.command, data: input.data, code: outcome.code, message: outcome.message } }, {
      context: 'engine', aggregate: 'Policy', command: input.command, commandId: input.commandId, ...cause,
    })
    this.store.append([envelope])
    this.project(envelope)
    return [envelope]
  }

  private decideOne(input: CommandInput & { commandId: string }, cause: Cause, knownRoute?: CommandRoute): EventEnvelope[] | Rejection {
    let route: CommandRoute
    try {
      route = knownRoute ?? this.registry.route(input.command, input.aggregate)
    } catch (error) {
      const value = errorValue(error)
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
    const context: DecideContext = { now: this.clock.now(), quote: (symbol) => this.quotes.get(symbol), settings: this.settingsValue }
    const decided = route.aggregate.decider.decide({ type: input.command, data }, loaded.state, context)
    if (isRejection(decided)) return decided
    if (decided.length === 0) return []
    let state = loaded.state
    const envelopes = decided.map((event, i) => {
      state = route.aggregate.decider.evolve(state, event)
      return this.envelope(stream, this.store.lastPosition + 1 + i, loaded.version + 1 + i, event, {
        context: route.context.name, aggregate: route.aggregate.name, command: input.command, commandId: input.commandId, ...cause,
      }, context.now)
    })
    this.states.set(stream, { aggregate: route.aggregate.name, version: loaded.version + envelopes.length, state })
    this.store.append(envelopes)
    for (const envelope of envelopes) this.project(envelope)
    return envelopes
  }

  private envelope(stream: string, position: number, version: number, event: DomainEvent, meta: Omit<EventEnvelope['meta'], 'schema'>, at = this.clock.now()): EventEnvelope {
    return {
      position,
      id: uuidv7(),
      stream,
      version,
      type: event.type,
      at,
      data: event.data,
      meta: { ...meta, schema: this.registry.schemaOf(event.type) },
    }
  }

  /**
   * An aggregate's state and version: kept in memory (saved beside the checkpoints, so also after an
   * open); an entry behind the log is topped up with the stream's newer events, a missing one folded
   * from the whole stream.
   */
  private load(stream: string, aggregate: AggregateDefinition): StreamEntry {
    const version = this.store.streamVersion(stream)
    const cached = this.states.get(stream)
    if (cached && cached.version === version) return cached
    const usable = cached !== undefined && cached.version < version
    let state = usable ? cached.state : aggregate.decider.initialState
    for (const event of this.store.readStreamAfter(stream, usable ? cached.version : 0)) state = aggregate.decider.evolve(state, event)
    const loaded = { aggregate: aggregate.name, version, state }
    if (version > 0) this.states.set(stream, loaded)
    return loaded
  }

  private applyTo(projection: Projection, event: EventEnvelope): void {
    if (!this.projectionTypes.get(projection.name)!.has(event.type)) return
    this.projectionStates.set(projection.name, projection.apply(this.projectionStates.get(projection.name), event))
  }

  private project(event: EventEnvelope): void {
    for (const projection of this.registry.projections) this.applyTo(projection, event)
    this.timeTravel = null
    const due = this.dueCheckpoints(event.position)
    const aggregatesDue = this.checkpoints !== undefined && event.position % this.checkpointEvery === 0
    if (due.length > 0 || aggregatesDue) {
      this.pendingCheckpoints.push({ position: event.position, eventId: event.id, states: this.serialiseStates(due), aggregates: aggregatesDue ? this.states.serialise() : undefined })
    }
  }

  private pendingCheckpoints: Array<{ position: number; eventId: string; states: Map<Projection, string>; aggregates?: string }> = []

  private serialiseStates(projections: readonly Projection[] = this.registry.projections): Map<Projection, string> {
    const out = new Map<Projection, string>()
    for (const projection of projections) out.set(projection, JSON.stringify(this.projectionStates.get(projection.name)))
    return out
  }

  /**
   * Writes projection checkpoints and, when given, the aggregate states (of which only the newest are
   * kept: time travel never needs old ones).
   */
  private saveCheckpoints(position: number, eventId: string, states: Map<Projection, string>, aggregates?: string): void {
    if (!this.checkpoints) return
    for (const [projection, json] of states) {
      this.checkpoints.save(projection.name, projection.version ?? 1, position, eventId, json)
      this.checkpoints.prune(projection.name, this.intervalOf(projection))
    }
    if (aggregates !== undefined) {
      this.checkpoints.save(AGGREGATES_CHECKPOINT, AGGREGATES_FORMAT, position, eventId, aggregates)
      this.checkpoints.keepNewest(AGGREGATES_CHECKPOINT)
    }
  }

  /** The oldest of the newest checkpoints (projections and aggregate states) at or before `position`. */
  private newestCheckpoint(position: number): number {
    const names = [...this.registry.projections.map((p) => p.name), AGGREGATES_CHECKPOINT]
    return Math.min(...names.map((name) => this.checkpoints!.nearest(name, position)))
  }

  /** Checkpoints are written only once the log holds their position durably. */
  private afterFlush(): void {
    if (this.pendingCheckpoints.length === 0) return
    const durable = this.store.durablePosition
    const ready = this.pendingCheckpoints.filter((p) => p.position <= durable)
    this.pendingCheckpoints = this.pendingCheckpoints.filter((p) => p.position > durable)
    try {
      for (const p of ready) this.saveCheckpoints(p.position, p.eventId, p.states, p.aggregates)
    } catch {
      // a checkpoint is an optimisation: the log stays the truth
    }
  }

  private notify(events: readonly EventEnvelope[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events)
      } catch {
        // a subscriber's failure is its own; the engine goes on
      }
    }
  }

  /** Hears every new event, after it is durable. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ----- external systems ------------------------------------------------------------------------

  /**
   * Sets quotes (the quote service) and lets external systems react (the trade service fills orders),
   * each command with its whole cascade before the next.
   */
  market(prices: Record<string, string>): Promise<DispatchResult> {
    return this.enqueue(() => this.marketMoved(this.quotes.set(prices, this.clock.now())))
  }

  /** One tick of a simulated market (random walk, imported history); the trade service then reacts. */
  marketTick(): Promise<DispatchResult> {
    return this.enqueue(() => this.marketMoved(this.quotes.tick?.(this.clock.now()) ?? []))
  }

  /** After the clock moved: lets external systems react (day orders expire at the market close). */
  clockMoved(previous: string): Promise<DispatchResult> {
    return this.enqueue(() => this.runReactions((system, context) => system.onClock?.(previous, context)))
  }

  /** Quotes changed: time-travel states priced with old quotes are dropped, the trade service reacts. */
  private marketMoved(changed: string[]): { result: DispatchResult; flush: boolean } {
    this.timeTravel = null
    return this.runReactions((system, context) => system.onMarket?.(changed, context))
  }

  /** Asks every external system what it does now, and runs each command with its whole cascade in turn. */
  private runReactions(ask: (system: Policy, context: PolicyContext) => ReactionCommand[] | undefined): { result: DispatchResult; flush: boolean } {
    const context = this.policyContext()
    const commands = this.registry.externalSystems.flatMap((system) => (ask(system, context) ?? []).map((c) => ({ c, system })))
    const events: EventEnvelope[] = []
    for (const { c, system } of commands) {
      const commandId = uuidv7()
      const cause: Cause = { actor: system.name, policy: null, causationId: commandId, correlationId: commandId }
      const first = this.react({ command: c.command, aggregate: c.aggregate, data: c.data, commandId }, cause, system)
      events.push(...this.cascade(first))
    }
    return { result: { ok: true, events, position: this.store.lastPosition }, flush: events.length > 0 }
  }

  // ----- queries --------------------------------------------------------------------------------

  /**
   * Answers a read model's query, now or as of a position (time travel: the nearest checkpoint plus a
   * fold). Never throws: bad names and params come back as coded errors.
   */
  query(name: string, params: unknown = {}, options: { asOf?: number } = {}): { ok: true; value: unknown } | { ok: false; error: ErrorValue } {
    try {
      return { ok: true, value: this.runQuery(name, params, options.asOf) }
    } catch (error) {
      return { ok: false, error: errorValue(error) }
    }
  }

  private runQuery(name: string, rawParams: unknown, asOf?: number): unknown {
    const { projection, query } = this.registry.query(name)
    let params: Record<string, unknown> = {}
    if (rawParams !== undefined && (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams))) {
      throw new StormbookError('INVALID_QUERY', `${name}: params must be an object`, { field: 'params' })
    }
    if (query.params) {
      const parsed = query.params.safeParse(rawParams ?? {})
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path
        const field = fieldPath(path) || 'params'
        throw new StormbookError('INVALID_QUERY', `${name}: ${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`, { field })
      }
      params = parsed.data
    } else params = (rawParams as Record<string, unknown>) ?? {}
    const last = this.store.lastPosition
    if (asOf !== undefined && (!Number.isInteger(asOf) || asOf < 0)) throw new StormbookError('INVALID_QUERY', `asOf must be a position (an integer ≥ 0), not ${asOf}`, { field: 'asOf' })
    const upTo = asOf === undefined || asOf >= last ? last : asOf
    const state = upTo === last ? this.projectionStates.get(projection.name) : this.stateAsOf(projection, upTo)
    const context: QueryContext = {
      now: this.clock.now(),
      settings: this.settingsValue,
      quote: (symbol) => this.quotes.get(symbol),
      readStream: (stream) => this.store.readStream(stream, upTo),
    }
    return query.run(state, params, context)
  }

  /** A projection's state as of a position: the nearest checkpoint (or a recent time-travel state) plus a fold. */
  private stateAsOf(projection: Projection, position: number): unknown {
    const recent = this.timeTravel
    const checkpoint = this.checkpoints?.nearest(projection.name, position) ?? 0
    let state: unknown
    let from: number
    if (recent && recent.projection === projection.name && recent.position <= position && recent.position >= checkpoint) {
      state = recent.state
      from = recent.position + 1
    } else {
      const loaded = checkpoint > 0 ? this.checkpoints?.load(projection.name, checkpoint) : undefined
      const belongs = loaded !== undefined && loaded.version === (projection.version ?? 1) && this.store.readRange(checkpoint, checkpoint)[0]?.id === loaded.eventId
      if (loaded && !belongs) this.checkpoints?.drop(projection.name, checkpoint)
      if (loaded && belongs) {
        state = loaded.state
        from = checkpoint + 1
      } else {
        state = projection.init()
        from = 1
      }
    }
    state = this.foldRange(projection, state, from, position)
    // Kept for the next time-travel query at or after this position (a replay stepping forward folds
    // only the step). Query functions build their results anew, so the state is not shared with callers.
    this.timeTravel = { projection: projection.name, position, state }
    return state
  }

  private foldRange(projection: Projection, initial: unknown, from: number, to: number, onProgress?: (done: number, total: number) => void): unknown {
    let state = initial
    const types = this.projectionTypes.get(projection.name)!
    const batch = 20_000
    for (let p = from; p <= to; p += batch) {
      for (const event of this.store.readRange(p, Math.min(to, p + batch - 1))) {
        if (types.has(event.type)) state = projection.apply(state, event)
      }
      onProgress?.(Math.min(to, p + batch - 1) - from + 1, to - from + 1)
    }
    return state
  }

  /** Waits for queued commands, writes a checkpoint for a fast next open, and closes the log. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.queue.catch(() => undefined)
    this.closed = true
    await this.store.flush().catch(() => undefined)
    this.afterFlush()
    const last = this.store.lastPosition
    if (this.checkpoints && !this.store.readOnly && last > 0) {
      const projectionsBehind = Math.min(...this.registry.projections.map((p) => this.checkpoints!.nearest(p.name, last))) < last
      const aggregatesBehind = this.states.changed || this.checkpoints.nearest(AGGREGATES_CHECKPOINT, last) < last
      if (projectionsBehind || aggregatesBehind) {
        try {
          const id = this.store.readRange(last, last)[0].id
          this.saveCheckpoints(last, id, projectionsBehind ? this.serialiseStates() : new Map(), aggregatesBehind ? this.states.serialise() : undefined)
        } catch {
          // an optimisation only
        }
      }
    }
    await this.store.close()
  }
}
