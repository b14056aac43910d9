import { expect } from 'vitest'
import {
  describeIssue,
  isRejection,
  validateCommand,
  type AggregateDefinition,
  type BoundedContext,
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

/*
 * Given/when/then for every domain test, one helper per kind of sticky:
 *   aggregates (deciders)        given(aggregate, events).when(command, data).then(events) | thenRejects(code) | thenNothing()
 *   read models (queries)        givenLog(context, log).whenQuery(name, params).then(result) | thenMatches(subset) | thenRejects(code, field)
 *   policies, external systems   givenLog(context, log).whenEvent(policy, event) | whenMarketMoves(system, quotes) | whenClockMoves(system, to)
 *                                  .then(commands) | thenNothing()
 *   the whole cascade            givenWorld(world).when(command, data) | whenMarketMoves(quotes) | whenClockMoves(to)
 *                                  .then(events) | thenRejects(code) | thenNothing()
 *   upcasters                    givenOldEvent(context, event).whenRead().then(data)
 * Every `then…` asserts with expect. The objects returned have a `then` method: never return or await them.
 */

/** The instant tests start at (a Monday morning) unless they say otherwise. */
const start = '2027-01-04T09:00:00.000Z'

/** A decide context for tests: a fixed instant, quotes from a table, default settings. */
export function testContext(overrides: Partial<DecideContext> & { quotes?: Record<string, string> } = {}): DecideContext {
  const { quotes = {}, ...rest } = overrides
  const now = rest.now ?? start
  return { now, quote: (symbol) => (quotes[symbol] === undefined ? undefined : { symbol, price: quotes[symbol], at: now }), settings: {}, ...rest }
}

type Expected = { type: string; data?: Record<string, unknown> }

/** The events, in order: the types exactly; each expected `data` is a subset of the actual. */
function expectEvents<E extends DomainEvent>(outcome: E[] | Rejection, expected: Array<string | Expected>): E[] {
  if (isRejection(outcome)) throw new Error(`expected events, got rejection ${outcome.code}: ${outcome.message}`)
  expect(outcome.map((e) => e.type)).toEqual(expected.map((e) => (typeof e === 'string' ? e : e.type)))
  expected.forEach((e, i) => {
    if (typeof e !== 'string' && e.data) expect(outcome[i].data, `${e.type} #${i + 1}`).toMatchObject(e.data)
  })
  return outcome
}

/** A rejection with this code, a message, and (when given) this field in its details. */
function expectRejection(outcome: DomainEvent[] | Rejection, code: string, field?: string): Rejection {
  if (!isRejection(outcome)) throw new Error(`expected rejection ${code}, got events ${outcome.map((e) => e.type).join(', ') || '(none)'}`)
  expect(outcome.code).toBe(code)
  expect(outcome.message.length).toBeGreaterThan(0)
  if (field !== undefined) expect(outcome.details?.field).toBe(field)
  return outcome
}

function expectNothing(outcome: DomainEvent[] | Rejection): void {
  if (isRejection(outcome)) throw new Error(`expected nothing to happen, got rejection ${outcome.code}`)
  expect(outcome).toEqual([])
}

/**
 * given(events).when(command).then(events) | thenRejects(code) | thenNothing(): a test that reads like a
 * row of DOMAIN.md. The command goes through schema validation first, exactly as the engine does it.
 */
export function given<S>(aggregate: AggregateDefinition<S>, history: DomainEvent[] = [], context?: DecideContext) {
  const state = history.reduce((s, e) => aggregate.decider.evolve(s, e), aggregate.decider.initialState)
  const ctx = context ?? testContext()
  return {
    state,
    when(command: string, data: Record<string, unknown>) {
      const spec = aggregate.commands[command]
      if (!spec) throw new Error(`${aggregate.name} has no command ${command}`)
      const valid = validateCommand(command, spec, data)
      const outcome: DomainEvent[] | Rejection = valid.ok
        ? aggregate.decider.decide({ type: command, data: valid.data }, state, ctx)
        : valid.rejection
      return {
        outcome,
        /** The events, in order; each expected `data` is a subset of the actual. */
        then: (expected: Array<string | Expected>): DomainEvent[] => expectEvents(outcome, expected),
        thenRejects: (code: string, field?: string): Rejection => expectRejection(outcome, code, field),
        thenNothing: (): void => expectNothing(outcome),
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// The read side: read models, policies and external systems over a log.

/**
 * A log as a read-side test holds it: its envelopes and, where the test keeps them, the clock, the quotes
 * and the settings. A SalesLog, a trading Log and a World are each one; so is a bare array of envelopes.
 */
export type History =
  | readonly EventEnvelope[]
  | {
      readonly envelopes: readonly EventEnvelope[]
      readonly now?: string
      readonly quotes?: Readonly<Record<string, string>>
      readonly settings?: Readonly<Record<string, unknown>>
    }

type LogView = Exclude<History, readonly EventEnvelope[]>

function logOf(history: History): LogView {
  return 'envelopes' in history ? history : { envelopes: history }
}

/**
 * What a read-side test sets on top of its log's own: the clock, quotes by symbol, settings (both merged
 * over the log's), and `checkpointAt`: after that many events every projection's state goes through JSON
 * and the fold goes on from the copy, as after a checkpoint.
 */
export interface ReadOptions {
  now?: string
  quotes?: Record<string, string>
  settings?: Record<string, unknown>
  checkpointAt?: number
}

/** An event's data brought up to its type's current schema through the context's upcasters, as the engine reads the log. */
function upcastData(context: BoundedContext, type: string, schema: number, data: Record<string, unknown>): Record<string, unknown> {
  const target = context.eventSchemas?.[type] ?? 1
  for (let version = schema; version < target; version++) {
    const upcaster = context.upcasters?.find((u) => u.type === type && u.from === version)
    if (!upcaster) throw new Error(`${context.name} has no upcaster from ${type} schema ${version}`)
    data = upcaster.up(data)
  }
  return data
}

/** An envelope as the engine reads it from the log: data upcast to the current schema. */
export function upcast(context: BoundedContext, envelope: EventEnvelope): EventEnvelope {
  const target = context.eventSchemas?.[envelope.type] ?? 1
  if (envelope.meta.schema >= target) return envelope
  return { ...envelope, data: upcastData(context, envelope.type, envelope.meta.schema, envelope.data), meta: { ...envelope.meta, schema: target } }
}

/** A projection folded over envelopes (those it subscribes to), through JSON after `checkpointAt` events if given. */
export function fold<S>(projection: Projection<S>, envelopes: readonly EventEnvelope[], checkpointAt?: number): S {
  let state = projection.init()
  envelopes.forEach((envelope, i) => {
    if (i === checkpointAt) state = JSON.parse(JSON.stringify(state)) as S
    if (projection.on.includes(envelope.type)) state = projection.apply(state, envelope)
  })
  return checkpointAt === envelopes.length ? (JSON.parse(JSON.stringify(state)) as S) : state
}

/** Thrown by `readContext(…).query` for params the query's schema refuses, as the engine answers them: INVALID_QUERY naming the field. */
export class QueryRefused extends Error {
  readonly code = 'INVALID_QUERY'
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
  }
}

/**
 * What policies and queries see, as the engine gives it: the context's real projections folded over the
 * log as it stands now (a snapshot, upcast), the clock, quotes and settings. Params go through the query's
 * schema; refused ones throw QueryRefused (INVALID_QUERY with the field).
 */
export function readContext(context: BoundedContext, history: History, options: ReadOptions = {}): PolicyContext & QueryContext {
  const log = logOf(history)
  const envelopes = log.envelopes.map((e) => upcast(context, e))
  const now = options.now ?? log.now ?? start
  const settings = { ...log.settings, ...options.settings }
  const quotes = { ...log.quotes, ...options.quotes }
  const states = new Map<string, unknown>()
  const read: PolicyContext & QueryContext = {
    now,
    settings,
    quote: (symbol) => (quotes[symbol] === undefined ? undefined : { symbol, price: quotes[symbol], at: now }),
    readStream: (stream) => envelopes.filter((e) => e.stream === stream),
    query(name, params = {}) {
      const projection = context.projections.find((p) => Object.hasOwn(p.queries, name))
      if (!projection) throw new Error(`${context.name} has no query ${name}`)
      const query = projection.queries[name]
      let parsed = params
      if (query.params) {
        const result = query.params.safeParse(params)
        if (!result.success) {
          const { field: named, problem } = describeIssue(result.error)
          const field = named || 'params'
          throw new QueryRefused(`${name}: ${field}: ${problem}`, field)
        }
        parsed = result.data
      }
      if (!states.has(projection.name)) states.set(projection.name, fold(projection, envelopes, options.checkpointAt))
      return query.run(states.get(projection.name), parsed, read)
    },
  }
  return read
}

/**
 * What a policy or an external system answered. `then` asserts exactly these commands, in order, and that
 * each is a valid command of exactly one of the context's aggregates, as the engine will check it.
 */
function reaction(context: BoundedContext, who: string, commands: ReactionCommand[]) {
  return {
    commands,
    then(expected: ReactionCommand[]): ReactionCommand[] {
      expect(commands, `${who}'s commands`).toEqual(expected)
      for (const { command, aggregate, data } of commands) {
        const targets = context.aggregates.filter((a) => Object.hasOwn(a.commands, command) && (aggregate === undefined || a.name === aggregate))
        expect(targets.map((a) => a.name), `the aggregate taking ${who}'s ${command}`).toHaveLength(1)
        const valid = validateCommand(command, targets[0].commands[command], data)
        expect(valid.ok ? 'valid' : valid.rejection.message, `${who}'s ${command}`).toBe('valid')
      }
      return commands
    },
    thenNothing(): void {
      expect(commands, `${who}'s commands`).toEqual([])
    },
  }
}

/**
 * The read side of a bounded context over a log (see History, ReadOptions):
 *   givenLog(sales, log).whenQuery('Pipeline').then({ … })
 *   givenLog(sales, log).whenEvent(RevenueAtRisk, event).then([{ command: 'FlagRevenueAtRisk', data: { … } }])
 *   givenLog(trading, log, { quotes }).whenMarketMoves(TradeService, { ACME: '94' }).thenNothing()
 * The log is read when `givenLog` is called: what is appended later is not seen.
 */
export function givenLog(context: BoundedContext, history: History, options: ReadOptions = {}) {
  const log = logOf(history)
  const envelopes = [...log.envelopes]
  const snapshot: LogView = { envelopes, now: log.now, quotes: { ...log.quotes }, settings: { ...log.settings } }
  const read = (more: ReadOptions = {}) =>
    readContext(context, snapshot, { ...options, ...more, quotes: { ...options.quotes, ...more.quotes }, settings: { ...options.settings, ...more.settings } })
  return {
    /** A query run against the read models (params and settings as the engine would pass them), lazily. */
    whenQuery(name: string, params: Record<string, unknown> = {}, more: ReadOptions = {}) {
      const label = `${name} ${JSON.stringify(params)}`
      const run = (): any => read(more).query(name, params)
      return {
        /** The query's answer (runs it). */
        result: run,
        /** The answer equals `expected` (toEqual); returns it. */
        then(expected: unknown): any {
          const result = run()
          expect(result, label).toEqual(expected)
          return result
        },
        /** The answer contains `expected` (toMatchObject: objects as subsets, arrays of the same length); returns it. */
        thenMatches(expected: Record<string, unknown> | unknown[]): any {
          const result = run()
          expect(result, label).toMatchObject(expected)
          return result
        },
        /** The query is refused with this code (INVALID_QUERY for params its schema refuses) and, when given, this field. */
        thenRejects(code: string, field?: string): void {
          let result: unknown
          try {
            result = run()
          } catch (error) {
            const refused = error as { code?: unknown; message?: unknown; field?: unknown }
            expect(refused.code, `${label}: ${String(refused.message)}`).toBe(code)
            expect(String(refused.message ?? '').length).toBeGreaterThan(0)
            if (field !== undefined) expect(refused.field, label).toBe(field)
            return
          }
          throw new Error(`expected ${label} to be refused with ${code}, got ${JSON.stringify(result)}`)
        },
      }
    },
    /**
     * A policy (or external system) reacting to an event of the log, as the engine calls it: after the
     * event was appended, and only for the event types it is registered for.
     */
    whenEvent(policy: Policy, event: EventEnvelope) {
      if (!policy.on.includes(event.type)) throw new Error(`${policy.name} does not react to ${event.type}`)
      if (!envelopes.some((e) => e.id === event.id && e.position === event.position)) throw new Error(`${event.type} is not in the given log`)
      return reaction(context, policy.name, policy.react(upcast(context, event), read()))
    },
    /** An external system told that these quotes changed (merged over the given ones). */
    whenMarketMoves(system: Policy, quotes: Record<string, string>) {
      if (!system.onMarket) throw new Error(`${system.name} does not watch the market`)
      return reaction(context, system.name, system.onMarket(Object.keys(quotes), read({ quotes })))
    },
    /** An external system told that the clock moved from the given `now` to `to`. */
    whenClockMoves(system: Policy, to: string) {
      if (!system.onClock) throw new Error(`${system.name} does not watch the clock`)
      return reaction(context, system.name, system.onClock(read().now, read({ now: to })))
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// The whole cascade, and upcasters.

/** A few lines of engine a test drives (test/domain/trading/world.ts): a person's command with its whole cascade, the market, the clock. */
export interface Engine {
  dispatch(command: string, data: Record<string, unknown>, aggregate?: string): EventEnvelope[] | Rejection
  market(quotes: Record<string, string>): EventEnvelope[]
  advance(to: string): EventEnvelope[]
}

function cascade(outcome: EventEnvelope[] | Rejection) {
  return {
    outcome,
    /** Every event of the cascade, in order; each expected `data` is a subset of the actual. */
    then: (expected: Array<string | Expected>): EventEnvelope[] => expectEvents(outcome, expected),
    thenRejects: (code: string, field?: string): Rejection => expectRejection(outcome, code, field),
    thenNothing: (): void => expectNothing(outcome),
  }
}

/**
 * A world as it stands; each `when…` runs at once (the world moves on), so a test may go on with the next:
 *   const w = givenWorld(world)
 *   w.when('PlaceOrder', { … }, 'Portfolio').then(['OrderPlaced', 'OrderReceived'])
 *   w.whenMarketMoves({ ACME: '96' }).then(['OrderFulfilled', 'FundsDebited', 'SharesCredited'])
 */
export function givenWorld(world: Engine) {
  return {
    /** A person's command (named `aggregate` where two take it) with its whole cascade. */
    when: (command: string, data: Record<string, unknown>, aggregate?: string) => cascade(world.dispatch(command, data, aggregate)),
    /** New quotes; external systems act, each command with its whole cascade. */
    whenMarketMoves: (quotes: Record<string, string>) => cascade(world.market(quotes)),
    /** The clock moves to `to`; external systems act. */
    whenClockMoves: (to: string) => cascade(world.advance(to)),
  }
}

/** given an event stored at an old schema → when read → then its data in the current shape (the upcasters chained as the engine does). */
export function givenOldEvent(context: BoundedContext, event: { type: string; schema: number; data: Record<string, unknown> }) {
  return {
    whenRead() {
      const data = upcastData(context, event.type, event.schema, event.data)
      return {
        data,
        then(expected: Record<string, unknown>): Record<string, unknown> {
          expect(data, `${event.type} read from schema ${event.schema}`).toEqual(expected)
          return data
        },
      }
    },
  }
}
