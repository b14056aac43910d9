import { v7 as uuidv7 } from 'uuid'
import { codedError } from '../../domain/kernel/index.ts'
import type { Registry } from '../app/registry.ts'
import { parseDuration, parseInstant } from '../app/clock.ts'
import type { Flow, FlowProblem, GivenEvent } from './flow-file.ts'

// A flow's `given` steps: events seeded without the commands that made them (given / when / then).

function malformed(path: string, message: string, extra: Record<string, unknown> = {}): Error {
  return codedError('FLOW_INVALID', `${path}: ${message}`, { field: path, ...extra })
}

/** The event types a context's projections, policies and schemas name: what the registry can tell of its events. */
function typesOf(context: Registry['contexts'][number]): Set<string> {
  return new Set([...context.projections.flatMap((p) => p.on), ...context.policies.flatMap((p) => p.on), ...Object.keys(context.eventSchemas ?? {})])
}

/** Checks one seeded event: its stream names a registered aggregate and an id; its type is one of that aggregate's context. */
export function checkGiven(event: GivenEvent, registry: Registry, at: string): void {
  const dash = event.stream.indexOf('-')
  const name = dash < 0 ? event.stream : event.stream.slice(0, dash)
  const found = registry.aggregate(name)
  if (!found) {
    const names = [...registry.aggregateDefinitions().keys()].sort()
    throw malformed(`${at}.stream`, `"${event.stream}" names no aggregate: a stream is <Aggregate>-<id>, the aggregates are ${names.join(', ')}`, { candidates: names })
  }
  if (dash < 0 || dash === event.stream.length - 1) throw malformed(`${at}.stream`, `"${event.stream}" has no id: a stream is ${name}-<id>`)
  const own = typesOf(found.context)
  if (!own.has(event.type)) {
    const elsewhere = registry.contexts.find((c) => c !== found.context && typesOf(c).has(event.type))
    throw malformed(`${at}.type`, elsewhere
      ? `${event.type} is an event of the ${elsewhere.name} context, not of ${name} (${found.context.name})`
      : `${name} has no event ${event.type}; its context's events are ${[...own].sort().join(', ')}`, { candidates: [...own].sort() })
  }
}

/** When a given event happened, as the log writes instants (its own `at`, else the flow's clock at the step). */
export function givenAt(event: GivenEvent, now: string): string {
  return event.at === undefined ? now : parseInstant(event.at).toUTC().toISO({ suppressMilliseconds: false })!
}

/**
 * The given events that would happen after the flow's clock at their step, as problems at their JSON
 * path: a given event is history, so it cannot be later than the moment it is seeded at. The clock is
 * followed through the flow (its start, then each advance).
 */
export function givenTimeProblems(flow: Flow, start: string): FlowProblem[] {
  const problems: FlowProblem[] = []
  let clock = parseInstant(start)
  flow.steps.forEach((step, i) => {
    if (step.kind === 'advance') {
      try {
        clock = clock.plus(parseDuration(step.advance))
      } catch {
        // the advance's own problem is named at its path
      }
    }
    if (step.kind !== 'given') return
    step.given.forEach((event, j) => {
      if (event.at === undefined || !(parseInstant(event.at) > clock)) return
      const field = `steps[${i}].given[${j}].at`
      const now = clock.toUTC().toISO()!
      problems.push({ field, code: 'FLOW_INVALID', message: `${field}: ${event.at} is after the flow's clock at this step (${now}): a given event happened before it is seeded` })
    })
  })
  return problems
}

/** A given step's events as the log holds them: their metadata says they were seeded (command Given). */
export function seeded(given: readonly GivenEvent[], registry: Registry, now: string): unknown[] {
  const commandId = `given-${uuidv7()}`
  return given.map((event) => {
    const name = event.stream.slice(0, event.stream.indexOf('-'))
    const found = registry.aggregate(name)!
    return {
      id: uuidv7(), stream: event.stream, type: event.type, at: givenAt(event, now), data: event.data,
      meta: {
        context: found.context.name, aggregate: name, command: 'Given', commandId, actor: event.actor ?? 'given', policy: null,
        causationId: commandId, correlationId: commandId, schema: registry.schemaOf(event.type),
      },
    }
  })
}
