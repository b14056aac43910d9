import { codedError, isCodedError, validateCommand, type CodedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import { parseDuration, type SimulatedClock } from '../app/clock.ts'
import type { DispatchResult, Engine } from '../app/engine.ts'
import { differences, eventDifferences } from './explain.ts'
import { problemOf, type Flow, type FlowProblem, type FlowStep } from './flow-file.ts'
import type { Registry } from '../app/registry.ts'
import { checkGiven, givenTimeProblems, seeded } from './given.ts'
import { checkEvents, matchesSubset, type ExpectedEvent } from './match.ts'

/** An event as a flow report shows it. */
export interface ReportedEvent {
  position: number
  type: string
  stream: string
  actor: string | null
  policy: string | null
  data: Record<string, unknown>
}

/** What one step did, and whether it met its expectation. */
export interface StepReport {
  index: number
  kind: FlowStep['kind']
  label: string
  ok: boolean
  /** Position of the log after the step: where a hotspot is pinned, where a replay stops. */
  position: number
  events: ReportedEvent[]
  rejected?: { code: string; message: string }
  failure?: string
  /** What differs, field by field, in words ("data.amount: expected 1009.99, got 1010.00"). */
  differences?: string[]
  /** The step's own note for the facilitator, when it has one. */
  note?: string
  expected?: unknown
  actual?: unknown
}

/** The outcome of one flow. */
export interface FlowReport {
  flow: string
  ok: boolean
  steps: StepReport[]
  hotspots: Array<{ note: string; position: number; step: number }>
  /** Whether the flow's events were written into a workspace (a Check, or a refused run, writes nothing). */
  written?: boolean
  /** Run into a workspace and refused: the ids it already holds, in words ("customer acme already exists"). */
  conflicts?: string[]
  /**
   * Asked for (`keepLog`): the run's events as the log holds them, in order (each step's `position` says
   * where it ends): a scratch run's whole log, or the events a run wrote into a workspace (its trial's when refused).
   */
  log?: EventEnvelope[]
}

/** How a flow runs: in a scratch log (hotspots stay in the report), or as a trial of a run into a workspace. */
export interface RunOptions {
  /** `workspace`: hotspot steps raise real hotspots (RaiseHotspot, by the facilitator). Default `scratch`. */
  mode?: 'scratch' | 'workspace'
  /** The actor hotspots are raised by (default `facilitator`). */
  facilitator?: string
  /** Whether a stream existed before the flow began (a given step refuses to seed such a stream). */
  existedBefore?: (stream: string) => boolean
}

/** The instant a flow's clock starts at when it names none, so that a flow runs the same every time. */
export const DEFAULT_FLOW_START = '2027-01-04T09:00:00Z'

function malformed(path: string, message: string, extra: Record<string, unknown> = {}): Error {
  return codedError('FLOW_INVALID', `${path}: ${message}`, { field: path, ...extra })
}

/**
 * Checks what the file format alone cannot: commands exist and are unambiguous, data fits the
 * command's schema (unless the step expects that rejection), durations, prices and queries are real.
 */
export function checkFlowAgainst(flow: Flow, engine: Engine): void {
  flow.steps.forEach((step, i) => checkStep(step, `steps[${i}]`, engine.registry))
  const [late] = givenTimeProblems(flow, flow.start ?? DEFAULT_FLOW_START)
  if (late) throw malformed(late.field, late.message.slice(late.field.length + 2))
}

/** Every step's problem against the registry (the engine's own messages), not only the first. */
export function stepProblems(flow: Flow, registry: Registry): FlowProblem[] {
  const out: FlowProblem[] = []
  flow.steps.forEach((step, i) => {
    try {
      checkStep(step, `steps[${i}]`, registry)
    } catch (error) {
      out.push(problemOf(error))
    }
  })
  return [...out, ...givenTimeProblems(flow, flow.start ?? DEFAULT_FLOW_START)]
}

/** One step checked against the registry; throws FLOW_INVALID naming the JSON path. */
function checkStep(step: FlowStep, at: string, registry: Registry): void {
  if (step.kind === 'command') {
    let route
    try {
      route = registry.route(step.command, step.aggregate)
    } catch (error) {
      if (!isCodedError(error)) throw error
      const e: CodedError = error
      throw malformed(`${at}.${String(e.details?.field ?? 'command')}`, e.message, { candidates: e.details?.candidates })
    }
    if (!step.expect?.rejected) {
      const valid = validateCommand(step.command, route.spec, step.data)
      if (!valid.ok) throw malformed(`${at}.data.${String(valid.rejection.details?.field ?? '')}`.replace(/\.$/, ''), valid.rejection.message)
    }
  } else if (step.kind === 'advance') {
    try {
      parseDuration(step.advance)
    } catch (error) {
      throw malformed(`${at}.advance`, (error as Error).message)
    }
  } else if (step.kind === 'market') {
    for (const [symbol, value] of Object.entries(step.market)) {
      if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) throw malformed(`${at}.market.${symbol}`, 'not a ticker symbol (A-Z, digits, dot; up to 10)')
      if (!/^\d+(\.\d+)?$/.test(value) || /^0+(\.0+)?$/.test(value)) throw malformed(`${at}.market.${symbol}`, `"${value}" is not a positive decimal price`)
    }
  } else if (step.kind === 'query') {
    try {
      registry.query(step.query)
    } catch (error) {
      throw malformed(`${at}.query`, (error as Error).message)
    }
  } else if (step.kind === 'given') {
    step.given.forEach((event, j) => checkGiven(event, registry, `${at}.given[${j}]`))
  }
}

/** The id of the hotspot a flow's step raises in a workspace: the flow's name as an id and the step's number ("sales-funnel-9"). */
export function hotspotIdOf(flow: Flow, index: number): string {
  const slug = flow.flow.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'flow'
  return `${slug}-${index + 1}`
}

function reported(events: readonly EventEnvelope[]): ReportedEvent[] {
  return events.map((e) => ({ position: e.position, type: e.type, stream: e.stream, actor: e.meta.actor, policy: e.meta.policy, data: e.data }))
}

function label(step: FlowStep): string {
  switch (step.kind) {
    case 'command':
      return `${step.actor ?? 'someone'}: ${step.aggregate ? step.aggregate + '.' : ''}${step.command}`
    case 'advance':
      return `clock advances ${step.advance}`
    case 'market':
      return `market: ${Object.entries(step.market).map(([s, p]) => `${s} ${p}`).join(', ')}`
    case 'query':
      return `query ${step.query}${step.asOf !== undefined ? ` as of ${step.asOf}` : ''}`
    case 'hotspot':
      return `hotspot: ${step.hotspot}`
    case 'given':
      return `given: ${step.given.map((e) => `${e.type} on ${e.stream}`).join(', ')}`
  }
}

function eventsOutcome(step: { expect?: { events?: unknown[]; only?: boolean } }, result: DispatchResult, report: StepReport): void {
  if (!result.ok) {
    report.ok = false
    report.rejected = { code: result.error.code, message: result.error.message }
    report.failure = `rejected ${result.error.code}: ${result.error.message}`
    return
  }
  report.events = reported(result.events)
  const expected = step.expect?.events
  if (expected !== undefined || step.expect?.only) {
    const problem = checkEvents((expected ?? []) as never[], result.events, step.expect?.only ?? false)
    if (problem) {
      report.ok = false
      report.failure = problem
      report.expected = expected ?? []
      report.actual = result.events.map((e) => ({ type: e.type, data: e.data }))
      report.differences = eventDifferences((expected ?? []) as ExpectedEvent[], result.events, step.expect?.only ?? false)
      if (report.differences.length > 0) report.failure = 'the events are not the ones expected'
    }
  }
}

/**
 * Runs a flow's steps against an engine driven by a simulated clock; checks every expectation. In
 * `workspace` mode (the trial of a run into a workspace) hotspot steps raise real hotspots.
 */
export async function runFlow(flow: Flow, engine: Engine, clock: SimulatedClock, options: RunOptions = {}): Promise<FlowReport> {
  checkFlowAgainst(flow, engine)
  const steps: StepReport[] = []
  const hotspots: FlowReport['hotspots'] = []
  for (const [index, step] of flow.steps.entries()) {
    const report: StepReport = { index, kind: step.kind, label: label(step), ok: true, position: 0, events: [] }
    if (step.note !== undefined) report.note = step.note
    if (step.kind === 'command') {
      const result = await engine.dispatch({ command: step.command, aggregate: step.aggregate, data: step.data, actor: step.actor, commandId: step.commandId })
      if (step.expect?.rejected) {
        if (result.ok) {
          report.ok = false
          report.events = reported(result.events)
          report.failure = `expected rejection ${step.expect.rejected}, but it succeeded`
          report.expected = { rejected: step.expect.rejected }
          report.actual = { events: result.events.map((e) => e.type) }
          report.differences = [`rejected: expected ${step.expect.rejected}, got none (${result.events.map((e) => e.type).join(', ') || 'nothing happens'})`]
        } else {
          report.rejected = { code: result.error.code, message: result.error.message }
          if (result.error.code !== step.expect.rejected) {
            report.ok = false
            report.failure = `expected rejection ${step.expect.rejected}, got ${result.error.code}`
            report.expected = { rejected: step.expect.rejected }
            report.actual = { rejected: result.error.code, message: result.error.message }
            report.differences = [`rejected: expected ${step.expect.rejected}, got ${result.error.code} (${result.error.message})`]
          }
        }
      } else eventsOutcome(step, result, report)
    } else if (step.kind === 'advance') {
      const previous = clock.now()
      try {
        clock.advance(step.advance, `steps[${index}].advance`)
        eventsOutcome(step, await engine.clockMoved(previous), report)
      } catch (error) {
        if (!isCodedError(error)) throw error
        // the clock stays where it was (past year 9999 events could not be stamped)
        report.ok = false
        report.rejected = { code: error.code, message: error.message }
        report.failure = `refused ${error.code}: ${error.message}`
      }
    } else if (step.kind === 'market') {
      eventsOutcome(step, await engine.market(step.market), report)
    } else if (step.kind === 'query') {
      const answer = engine.query(step.query, step.params ?? {}, { asOf: step.asOf })
      if (!answer.ok) {
        report.ok = false
        report.failure = `query refused ${answer.error.code}: ${answer.error.message}`
      } else if (!matchesSubset(step.expect.result, answer.value)) {
        report.ok = false
        report.failure = 'the result does not contain what was expected'
        report.expected = step.expect.result
        report.actual = answer.value
        report.differences = differences(step.expect.result, answer.value, '')
      }
    } else if (step.kind === 'given') {
      const existing = options.existedBefore ? [...new Set(step.given.map((e) => e.stream))].filter(options.existedBefore) : []
      if (existing.length > 0) {
        report.ok = false
        report.failure = `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} here: given events seed new streams`
      } else {
        const result = await engine.ingest(seeded(step.given, engine.registry, clock.now()))
        if (result.ok) report.events = reported(result.events)
        else {
          report.ok = false
          report.rejected = { code: result.error.code, message: result.error.message }
          report.failure = `refused ${result.error.code}: ${result.error.message}`
        }
      }
    } else {
      const position = engine.store.lastPosition
      hotspots.push({ note: step.hotspot, position, step: index })
      if (options.mode === 'workspace' && position > 0) {
        const hotspotId = hotspotIdOf(flow, index)
        const result = await engine.dispatch({ command: 'RaiseHotspot', data: { hotspotId, text: step.hotspot, anchor: { position } }, actor: options.facilitator ?? 'facilitator' })
        eventsOutcome({}, result, report)
      }
    }
    report.position = engine.store.lastPosition
    steps.push(report)
  }
  return { flow: flow.flow, ok: steps.every((s) => s.ok), steps, hotspots }
}
