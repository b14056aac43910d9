import { codedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import type { EventStore } from '../store/event-store.ts'
import type { Registry } from '../app/registry.ts'
import type { CommandStepDocument, FlowDocument, FlowStepDocument, GivenEvent } from './flow-file.ts'

// "Make a spec": a given / when / then flow made from what really happened in a log. The root command at
// (or causing) a position becomes the `when`, with its actor and its data as the log kept it (meta.input);
// the earlier events of the streams it needed become `given` events; its whole cascade becomes `then`.

/** What reading a log for a spec needs: the log, the registry, the workspace's settings. */
export interface SpecSource {
  store: Pick<EventStore, 'lastPosition' | 'readRange' | 'readStream' | 'commandPosition'>
  registry: Registry
  settings: Readonly<Record<string, unknown>>
}

/** A spec made from the log: a suggested file name and the flow. */
export interface MadeSpec {
  file: string
  flow: FlowDocument
}

/** The context of the facilitator's notes on the log (hotspots, bookmarks): anchored to the log, not domain behaviour. */
const FACILITATION = 'storming'

/** Whether a stream belongs to a registered aggregate (the engine's own `Policy-…` streams do not). */
function isAggregateStream(stream: string, registry: Registry): boolean {
  const dash = stream.indexOf('-')
  return dash > 0 && registry.aggregate(stream.slice(0, dash)) !== undefined
}

/**
 * The streams a cascade needed, in the order first met: those its events were appended to, and those
 * the preconditions of each of its commands read (each command's data as the log kept it in meta.input).
 * Only aggregates' streams: the engine's own (`Policy-…`) and the facilitator's notes are never seeded.
 */
export function streamsRead(cascade: readonly EventEnvelope[], registry: Registry): string[] {
  const out = new Set<string>()
  for (const event of cascade) {
    if (event.meta.context === FACILITATION) continue
    if (isAggregateStream(event.stream, registry)) out.add(event.stream)
    const input = event.meta.input
    if (input === undefined) continue
    try {
      const route = registry.route(event.meta.command, event.meta.aggregate)
      for (const pre of registry.preconditions(route, input)) if (isAggregateStream(pre.stream, registry)) out.add(pre.stream)
    } catch {
      // a command this build no longer knows reads nothing we can name
    }
  }
  return [...out]
}

/**
 * The events of these streams before a position, in log order, as `given` events (data upcast to today's
 * schema), each with its own `at`, so ages (stale days, an order's expiry) reproduce. An event stamped
 * after `start` (a log whose clock went back: a flow run into it at the flow's time) has no `at`: it is
 * seeded at the flow's start, as a given event cannot be later than when it is seeded.
 */
export function givenBefore(source: SpecSource, streams: readonly string[], before: number, start: string): GivenEvent[] {
  const events = streams.flatMap((stream) => source.store.readStream(stream, before - 1)).sort((a, b) => a.position - b.position)
  const latest = Date.parse(start)
  return events.map((e) => {
    const event = source.registry.upcast(e)
    return { stream: event.stream, type: event.type, data: event.data, ...(event.meta.actor ? { actor: event.meta.actor } : {}), ...(Date.parse(event.at) <= latest ? { at: event.at } : {}) }
  })
}

/**
 * The quotes a cascade was priced at, as a `market` step sets them: every event of it that states a
 * `symbol` with its `price` (a fill, a settlement) says what the quote was. Empty when nothing was priced.
 */
export function quotesUsed(cascade: readonly EventEnvelope[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const event of cascade) {
    const { symbol, price } = event.data as { symbol?: unknown; price?: unknown }
    if (typeof symbol === 'string' && typeof price === 'string' && !(symbol in out)) out[symbol] = price
  }
  return out
}

/** The root command's first position and its whole cascade, for the event at a position. */
export function cascadeAt(source: SpecSource, position: number): { root: number; events: EventEnvelope[] } {
  const { store } = source
  if (!Number.isInteger(position) || position < 1 || position > store.lastPosition) {
    throw codedError('SPEC_NO_EVENT', store.lastPosition === 0 ? 'The log is empty: there is no command to make a spec of.' : `There is no event at position ${position}: the log holds positions 1 to ${store.lastPosition}.`, { field: 'position' })
  }
  const [event] = store.readRange(position, position)
  const rootId = event.meta.correlationId
  let root = store.commandPosition(rootId)
  if (root === undefined) {
    // an index without the root (a cascade resumed after a crash): walk back to its first event
    root = position
    while (root > 1 && store.readRange(root - 1, root - 1)[0].meta.correlationId === rootId) root--
  }
  const events: EventEnvelope[] = []
  for (let from = root; from <= store.lastPosition; from += 500) {
    const chunk = store.readRange(from, Math.min(from + 499, store.lastPosition))
    const end = chunk.findIndex((e) => e.meta.correlationId !== rootId)
    events.push(...(end < 0 ? chunk : chunk.slice(0, end)))
    if (end >= 0) break
  }
  return { root, events }
}

/** "PlaceOrder" on "Order-ord-1" → "place-order-ord-1": a file name's words. */
function slug(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'spec'
}

/** The when step of a root command: its actor, its data as kept (meta.input), its whole cascade expected. */
export function whenStep(first: EventEnvelope, cascade: readonly EventEnvelope[], registry: Registry): CommandStepDocument {
  const input = first.meta.input
  if (input === undefined) {
    throw codedError('SPEC_NO_INPUT', `${first.meta.command} (position ${first.position}) was written before the log kept each command's data, so it cannot be replayed as a spec.`, { field: 'position', position: first.position })
  }
  let ambiguous = false
  try {
    registry.route(first.meta.command)
  } catch {
    ambiguous = true
  }
  return {
    ...(first.meta.actor ? { actor: first.meta.actor } : {}),
    ...(ambiguous ? { aggregate: first.meta.aggregate } : {}),
    command: first.meta.command,
    data: input,
    expect: { events: cascade.map((e) => ({ type: e.type, data: registry.upcast(e).data })), only: true },
  }
}

/**
 * The steps that replay one cascade: its root command with its cascade expected, after a `market` step
 * setting the quotes it was priced at; when an external system answered a market move (a fill), the
 * market move itself is the step, expecting the cascade.
 */
export function replaySteps(cascade: readonly EventEnvelope[], registry: Registry): FlowStepDocument[] {
  const first = cascade[0]
  if (first.meta.context === FACILITATION) {
    // Notes on the log itself (anchored to its positions): a raised hotspot becomes a hotspot step; the rest is left out.
    const text = first.meta.input?.text
    return first.meta.command === 'RaiseHotspot' && typeof text === 'string' && text.length > 0 ? [{ hotspot: text.slice(0, 500) }] : []
  }
  const when = whenStep(first, cascade, registry)
  const prices = quotesUsed(cascade)
  if (Object.keys(prices).length === 0) return [when]
  if (registry.externalSystems.some((s) => s.name === first.meta.actor)) {
    return [{ market: prices, note: `${first.meta.actor} answered these quotes with ${first.meta.command}`, expect: { events: when.expect!.events } }]
  }
  return [{ market: prices, note: 'the quotes its cascade was priced at' }, when]
}

/** Refuses what no `when` step can replay: events seeded by a given step, and commands only a policy may send. */
export function checkReplayable(first: EventEnvelope, registry: Registry): void {
  if (first.meta.command === 'Given') {
    throw codedError('SPEC_NOT_A_COMMAND', `Position ${first.position} was seeded by a flow's given step, not decided by a command: there is no command to make a spec of.`, { field: 'position' })
  }
  if (first.meta.context === FACILITATION) {
    throw codedError('SPEC_NOT_A_COMMAND', `${first.meta.command} (position ${first.position}) is a facilitator's note on the log, not domain behaviour: make the spec from a domain command.`, { field: 'position' })
  }
  if (first.meta.policy !== null) {
    throw codedError('SPEC_NOT_A_COMMAND', `Position ${first.position} was decided for the policy ${first.meta.policy}; make the spec from the command that caused it.`, { field: 'position' })
  }
  try {
    const route = registry.route(first.meta.command, first.meta.aggregate)
    if (route.spec.policyOnly) {
      throw codedError('SPEC_POLICY_ONLY', `${first.meta.command} was issued by ${first.meta.actor ?? 'a policy'}, and only a policy may send it: a flow step cannot replay it.`, { field: 'position' })
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'SPEC_POLICY_ONLY') throw error
    throw codedError('SPEC_UNKNOWN_COMMAND', `${first.meta.command} (position ${first.position}) is not a command this Stormbook knows.`, { field: 'position' })
  }
}

/**
 * Makes a spec from the log: the root command at (or causing) `position` as the `when` step, with its
 * actor and its data from meta.input; the earlier events of every stream its cascade touched or its
 * preconditions read as one `given` step; the prices its cascade was filled at as a `market` step; its
 * whole cascade, with the decided data, as the expected events (exactly those). The flow's clock starts
 * when the command was decided and its wire mode is the workspace's, so the spec passes when run.
 * SPEC_NO_INPUT for a command written before the log kept inputs.
 */
export function specFromLog(source: SpecSource, position: number): MadeSpec {
  const { root, events: cascade } = cascadeAt(source, position)
  const first = cascade[0]
  checkReplayable(first, source.registry)
  const given = givenBefore(source, streamsRead(cascade, source.registry), root, first.at)
  const steps: FlowStepDocument[] = []
  if (given.length > 0) steps.push({ given, note: `the state ${first.meta.command} found: the earlier events of the streams it touched and read` })
  steps.push(...replaySteps(cascade, source.registry))
  const target = cascade.find((e) => isAggregateStream(e.stream, source.registry))?.stream ?? first.stream
  const wire = source.settings.wire === 'manual' ? 'manual' : 'auto'
  return {
    file: `spec-${slug(`${first.meta.command}-${target.slice(target.indexOf('-') + 1)}`)}-at-${root}.flow.json`,
    flow: {
      flow: `${first.meta.command} on ${target} (position ${root})`,
      description: `Made from the log: ${first.meta.actor ?? 'someone'} sent ${first.meta.command} at position ${root}; ${cascade.length} event(s) followed.`,
      start: first.at,
      wire,
      steps,
    },
  }
}
