import { v7 as uuidv7 } from 'uuid'
import { codedError, describeIssue, isRejection, toCodedError, type Clock, type CodedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import type { EventStore, OpenReport } from '../store/event-store.ts'
import type { CheckpointFolder } from '../store/checkpoints.ts'
import { Cascade } from './cascade.ts'
import { Checkpointing } from './checkpointing.ts'
import { CommandIds } from './command-ids.ts'
import { Decisions } from './decide.ts'
import type { DispatchResult, EngineOptions, IngestResult, LivePorts, Listener, QueryResult, Step } from './engine-types.ts'
import { clockMoved, marketSet, marketTicked, type ExternalSystemsPort } from './external-systems.ts'
import { checkIncoming, ingestEvents, type IngestOptions } from './ingest.ts'
import type { QuoteService } from './quotes.ts'
import { ReadModels } from './read-models.ts'
import { commandInputSchema, Registry } from './registry.ts'
import { validateSettings } from './settings.ts'
import { StreamStates } from './stream-states.ts'
import { SupersededEvents } from './superseded.ts'

/**
 * How long after opening the time-travel states start building unless time travel is asked for sooner:
 * the first screen gets the machine to itself (the build takes seconds of a core at 100,000 events).
 */
export const TIME_TRAVEL_WARM_DELAY_MS = 10_000

export type { DispatchResult, EngineOptions, IngestResult, Listener, QueryResult } from './engine-types.ts'

/**
 * The engine of one workspace: takes commands one at a time in arrival order (the queue), decides them,
 * appends their events, runs the policy cascade, and hears back once the events are durable. Read models
 * (queries, time travel), checkpoints, the cascade and external systems are its collaborators.
 */
export class Engine {
  readonly registry: Registry
  readonly store: EventStore
  readonly quotes: QuoteService
  private clockPort: Clock
  private settingsValue: Record<string, unknown>
  private readonly states: StreamStates
  /** Events a team-sync rebase withdrew: kept in the log, left out of every fold (docs/sync.md). */
  readonly superseded: SupersededEvents
  private readonly readModels: ReadModels
  private readonly checkpointing: Checkpointing
  private readonly decisions: Decisions
  private readonly cascade: Cascade
  private readonly commandIds: CommandIds
  private readonly external: ExternalSystemsPort
  private readonly listeners = new Set<Listener>()
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  private readonly hasCheckpoints: boolean
  private readonly checkpointFolder?: CheckpointFolder

  constructor(options: EngineOptions) {
    this.registry = new Registry(options.contexts)
    this.hasCheckpoints = options.checkpoints !== undefined
    this.checkpointFolder = options.checkpoints
    this.store = options.store
    this.clockPort = options.clock
    this.quotes = options.quotes
    this.settingsValue = this.registry.settings(options.settings ?? {})
    const ports: LivePorts = { clock: () => this.clockPort, quotes: this.quotes, settings: () => this.settingsValue, prices: options.prices }
    this.states = new StreamStates(this.registry.aggregateDefinitions(), options.cacheSize ?? 100_000)
    const superseded = (this.superseded = new SupersededEvents(options.superseded))
    this.readModels = new ReadModels({ registry: this.registry, store: this.store, ports, checkpoints: options.checkpoints, asOfCacheSize: options.asOfCacheSize ?? 8, superseded })
    this.checkpointing = new Checkpointing({ folder: options.checkpoints, store: this.store, readModels: this.readModels, states: this.states, every: options.checkpointEvery ?? 10_000, ladderEvery: options.checkpointEvery ?? 2_500, superseded })
    const appended = (events: readonly EventEnvelope[]) => {
      for (const event of events) {
        this.readModels.project(event)
        this.checkpointing.appended(event)
      }
    }
    this.decisions = new Decisions({ registry: this.registry, store: this.store, states: this.states, ports, appended, superseded })
    this.cascade = new Cascade({ registry: this.registry, store: this.store, decisions: this.decisions, readModels: this.readModels, ports })
    this.commandIds = new CommandIds(this.store, this.registry)
    this.external = {
      registry: this.registry, cascade: this.cascade, quotes: this.quotes,
      now: () => this.clockPort.now(), lastPosition: () => this.store.lastPosition, quotesChanged: () => this.readModels.invalidate(),
    }
  }

  /**
   * Opens the log: loads the newest usable checkpoints, reads (and verifies) the log folding what they
   * lack, checks them against it (refolding where they do not belong), and resumes a cascade cut short
   * by a crash. Called once, before the first command.
   */
  async open(onProgress?: (done: number, total: number) => void, options: { syncedThrough?: number } = {}): Promise<OpenReport & { resumed: number }> {
    const from = this.checkpointing.load()
    const report = await this.store.open(this.checkpointing.foldOnOpen, from)
    this.checkpointing.verify(onProgress)
    // dense time-travel states in memory (a workspace with a folder of checkpoints), built in the
    // background once time travel is asked for, or when the first screen has had its time
    if (this.hasCheckpoints) this.readModels.warmWhenAsked((name) => this.checkpointing.spacingOf(name), TIME_TRAVEL_WARM_DELAY_MS)
    if (this.store.readOnly) return { ...report, resumed: 0 }
    const resumed = this.cascade.resume(options.syncedThrough)
    if (resumed.length > 0) {
      await this.store.flush()
      this.notify(resumed)
      this.checkpointing.afterFlush()
    }
    return { ...report, resumed: resumed.length }
  }

  /** The clock events are stamped with. */
  get clock(): Clock {
    return this.clockPort
  }

  /** Runs work with another clock (a sample flow's simulated one) and puts the host's clock back after, even when it fails. */
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

  /** Validates and applies a whole new settings object (SETTINGS_INVALID names the field; nothing changes then). */
  setSettings(raw: Record<string, unknown>): Record<string, unknown> {
    this.settingsValue = validateSettings(this.registry, raw)
    this.readModels.invalidate()
    return this.settingsValue
  }

  /**
   * Takes one command through the pipeline of DESIGN.md and resolves once its events (with the whole
   * policy cascade) are durable. Never throws: rejections and bad input come back as coded errors.
   */
  dispatch(input: unknown): Promise<DispatchResult> {
    return this.enqueue(() => this.decideNow(input))
  }

  /**
   * Appends events decided on another machine or in another log (team sync): ids the log already holds
   * are skipped; the rest get local positions and stream versions and keep id, type, data, meta and at.
   * Aggregate states, read models and subscribers follow; nothing is decided (no policy runs). Resolves
   * once the events are durable. Never throws: a malformed event (INVALID_EVENT, `events[i].field`)
   * refuses the whole batch before anything is written.
   */
  async ingest(events: unknown, options: IngestOptions = {}): Promise<({ ok: true } & IngestResult) | { ok: false; error: CodedError }> {
    let skipped = 0
    const result = await this.enqueue(() => {
      if (this.store.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: events cannot be ingested.')
      const outcome = ingestEvents(this.store, this.registry, this.states, checkIncoming(events, options.handedOver), (list) => {
        for (const event of list) {
          this.readModels.project(event)
          this.checkpointing.appended(event)
        }
      }, options)
      skipped = outcome.skipped
      return { result: { ok: true, events: outcome.events, position: this.store.lastPosition }, flush: outcome.events.length > 0 }
    })
    if (!result.ok) return result
    return { ok: true, ingested: result.events.length, skipped, position: result.position, events: result.events }
  }

  /**
   * After team sync ingested events decided elsewhere: lets the policies that now apply on the merged
   * state react (Cascade.catchUp), their commands' ids derived from the pulled events. `recorded`: the
   * command ids of the events pulled with them (a reaction the deciding laptop had already recorded).
   */
  reactToPulled(events: readonly EventEnvelope[], recorded: ReadonlySet<string>): Promise<DispatchResult> {
    return this.enqueue(() => {
      if (this.store.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: policies cannot react.')
      const produced = this.cascade.catchUp(events.map(this.registry.upcast), recorded)
      return { result: { ok: true, events: produced, position: this.store.lastPosition }, flush: produced.length > 0 }
    })
  }

  /**
   * Withdraws events a team-sync rebase superseded (they stay in the log): the checkpoints that folded
   * them are dropped, `persist` makes the withdrawal durable (sync.json), then aggregate states and read
   * models are folded again without them and subscribers hear an empty list (screens reload). In the
   * queue, so no command sees a half-refolded state. Never throws: `persist`'s failure comes back coded.
   */
  async supersede(events: ReadonlyArray<Pick<EventEnvelope, 'id' | 'position' | 'stream'>>, persist: () => void = () => undefined): Promise<DispatchResult> {
    let changed = false
    const result = await this.enqueue(() => {
      const fresh = events.filter((e) => !this.superseded.has(e.id))
      if (fresh.length > 0) {
        const from = Math.min(...fresh.map((e) => e.position))
        this.checkpointing.forgetFrom(from)
        persist()
        this.superseded.add(fresh.map((e) => e.id))
        for (const stream of new Set(fresh.map((e) => e.stream))) this.states.forget(stream)
        this.readModels.refoldFrom(from)
        changed = true
      } else persist()
      return { result: { ok: true, events: [], position: this.store.lastPosition }, flush: false }
    })
    if (changed) this.notify([])
    return result
  }

  /** Sets quotes and lets external systems react (the trade service fills orders), each command with its cascade. */
  market(prices: Record<string, string>): Promise<DispatchResult> {
    return this.enqueue(() => marketSet(this.external, prices))
  }

  /** One tick of a simulated market (random walk, imported history); the trade service then reacts. */
  marketTick(): Promise<DispatchResult> {
    return this.enqueue(() => marketTicked(this.external))
  }

  /** After the clock moved: lets external systems react (day orders expire at the market close). */
  clockMoved(previous: string): Promise<DispatchResult> {
    return this.enqueue(() => clockMoved(this.external, previous))
  }

  /**
   * Answers a read model's query, now or as of a position (time travel). Never throws: bad names and
   * params come back as coded errors.
   */
  query(name: string, params: unknown = {}, options: { asOf?: number } = {}): QueryResult {
    try {
      return { ok: true, value: this.readModels.run(name, params, options.asOf) }
    } catch (error) {
      return { ok: false, error: toCodedError(error) }
    }
  }

  /** Starts building the dense time-travel states now if they were not yet, and resolves once they are ready. */
  timeTravelReady(): Promise<void> {
    return this.readModels.warmNow()
  }

  /** Hears every new event, after it is durable (an empty list: a rebase withdrew events, read models changed). Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Blocks until the checkpoints taken so far are in their files (they are written on a worker thread):
   * for whoever reads the checkpoints/ folder while the workspace is open.
   */
  checkpointsOnDisk(): void {
    this.checkpointFolder?.flush()
  }

  /** Waits for queued commands, writes a checkpoint for a fast next open, and closes the log. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.queue.catch(() => undefined)
    this.closed = true
    this.readModels.stopWarming()
    await this.store.flush().catch(() => undefined)
    this.checkpointing.afterFlush()
    this.checkpointing.beforeClose()
    await this.checkpointFolder?.close()
    await this.store.close()
  }

  /** Runs `work` in the workspace's queue and waits for its events to be on disk. */
  private enqueue(work: () => Step): Promise<DispatchResult> {
    const step = this.queue.then((): Step => {
      if (this.closed) return { result: { ok: false, error: { code: 'WORKSPACE_CLOSED', message: 'The workspace is closed.' } }, flush: false }
      try {
        return work()
      } catch (error) {
        return { result: { ok: false, error: toCodedError(error) }, flush: false }
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
      this.checkpointing.afterFlush()
      return result
    })
  }

  private decideNow(raw: unknown): Step {
    const parsed = commandInputSchema.safeParse(raw)
    if (!parsed.success) {
      const { field, problem } = describeIssue(parsed.error)
      return { result: { ok: false, error: { code: 'INVALID_COMMAND', message: `${field || 'command'}: ${problem}`, details: { field: field || 'command' } } }, flush: false }
    }
    const input = { ...parsed.data, commandId: parsed.data.commandId ?? uuidv7() }
    if (this.store.readOnly) return { result: { ok: false, error: { code: 'READ_ONLY', message: 'This workspace is open read-only: commands cannot be recorded.', details: {} } }, flush: false }
    const recorded = this.commandIds.recordedEvents(input)
    if (recorded) return { result: { ok: true, events: recorded, position: recorded[recorded.length - 1].position, duplicate: true }, flush: true }
    const route = this.registry.route(input.command, input.aggregate)
    if (route.spec.policyOnly) {
      return { result: { ok: false, error: { code: 'POLICY_ONLY', message: `${input.command} is issued by a policy, not by an actor.`, details: { field: 'command' } } }, flush: false }
    }
    const cause = { actor: input.actor ?? null, policy: null, causationId: input.commandId, correlationId: input.commandId }
    const first = this.decisions.execute(input, cause, undefined, route)
    if (isRejection(first)) return { result: { ok: false, error: { code: first.code, message: first.message, details: first.details ?? {} } }, flush: false }
    const events = this.cascade.run(first)
    return { result: { ok: true, events, position: this.store.lastPosition }, flush: events.length > 0 }
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
}
