import { codedError, validateCommand, type BoundedContext, type EventEnvelope } from '../../domain/kernel/index.ts'
import { SimulatedClock } from '../app/clock.ts'
import type { Engine } from '../app/engine.ts'
import { ManualQuotes } from '../app/quotes.ts'
import type { Registry } from '../app/registry.ts'
import { memoryEngine } from '../app/workspace.ts'
import { parseFlow, type Flow, type FlowStep } from './flow-file.ts'
import { DEFAULT_FLOW_START, hotspotIdOf, runFlow, type FlowReport } from './runner.ts'

/** Where a flow runs: a fresh scratch log (Check, `flow run`), or into an open workspace's engine. */
export interface FlowFileOptions {
  contexts: readonly BoundedContext[]
  /** The workspace's engine to run into; absent: a fresh scratch log, nothing written anywhere. */
  into?: Engine
  /** Who raises a flow's hotspots in a workspace (default `facilitator`). */
  facilitator?: string
  /**
   * Keep the run's events on the report (`log`), so a screen can draw the run step by step: a scratch
   * run's whole log; a run into a workspace, the events it wrote (refused: the events of its trial).
   */
  keepLog?: boolean
}

/**
 * The settings a flow runs with, wherever it runs: every context's defaults and the flow's own `wire`.
 * (The market is the flow's own too: static quotes that only its `market` steps set; the clock starts at
 * its `start`.) So Check in the app and `stormbook flow run` agree.
 */
export function flowSettings(flow: Flow): Record<string, unknown> {
  return { wire: flow.wire }
}

/** Reads a flow file's text and runs it (FLOW_INVALID with the JSON path when it is malformed). */
export async function runFlowText(text: string, options: FlowFileOptions): Promise<FlowReport> {
  return runFlowFile(parseFlow(text), options)
}

/**
 * The one way a flow runs, for the app's `flows.run` and the CLI's `flow run` alike. In a scratch log:
 * a fresh memory engine on the flow's clock, settings and market. Into a workspace: first the whole flow
 * is tried in a scratch copy of the workspace's log (its events ingested with their versions kept); when
 * a step would fail nothing is written and the report names the ids the workspace already holds; when
 * every step passes, exactly the events the trial made are ingested into the workspace.
 */
export async function runFlowFile(flow: Flow, options: FlowFileOptions): Promise<FlowReport> {
  const clock = new SimulatedClock(flow.start ?? DEFAULT_FLOW_START)
  const scratch = memoryEngine(options.contexts, clock, new ManualQuotes(), flowSettings(flow))
  const into = options.into
  if (!into) {
    const report = await runFlow(flow, scratch, clock)
    const log = options.keepLog ? scratch.store.readRange(1, scratch.store.lastPosition) : undefined
    await scratch.close()
    return { ...report, written: false, ...(log ? { log } : {}) }
  }
  if (into.store.readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: a flow cannot be run into it.')
  const base = into.store.lastPosition
  await copyLog(into, scratch)
  const report = await runFlow(flow, scratch, clock, {
    mode: 'workspace',
    facilitator: options.facilitator,
    existedBefore: (stream) => into.store.streamVersion(stream) > 0,
  })
  const made = scratch.store.lastPosition > base ? scratch.store.readRange(base + 1, scratch.store.lastPosition) : []
  await scratch.close()
  if (!report.ok) return { ...report, written: false, conflicts: conflicts(flow, report, into), ...(options.keepLog ? { log: made } : {}) }
  if (made.length === 0) return { ...report, written: true, ...(options.keepLog ? { log: [] } : {}) }
  const result = await into.ingest(made, { versions: 'keep' })
  if (!result.ok) {
    throw codedError(result.error.code, `The flow passed its trial, but the workspace changed meanwhile, so nothing was written: ${result.error.message} Run it again.`, result.error.details ?? {})
  }
  return { ...renumbered(report, made, result.events), written: true, ...(options.keepLog ? { log: result.events } : {}) }
}

/**
 * A flow run for its log, to export it (the CLI's `export <flow-file>`, the app's `flows.export`): a
 * scratch engine on the flow's clock, settings and market, where hotspot steps raise real hotspots (by
 * the facilitator), so the design document lists them and the drawings show them. The caller closes it.
 */
export async function flowLogEngine(flow: Flow, contexts: readonly BoundedContext[]): Promise<{ engine: Engine; report: FlowReport }> {
  const clock = new SimulatedClock(flow.start ?? DEFAULT_FLOW_START)
  const engine = memoryEngine(contexts, clock, new ManualQuotes(), flowSettings(flow))
  try {
    return { engine, report: await runFlow(flow, engine, clock, { mode: 'workspace' }) }
  } catch (error) {
    await engine.close()
    throw error
  }
}

/** Copies a workspace's log into a scratch engine, with positions and stream versions as they are. */
async function copyLog(from: Engine, to: Engine): Promise<void> {
  const last = from.store.lastPosition
  for (let p = 1; p <= last; p += 5000) {
    const result = await to.ingest(from.store.readRange(p, Math.min(p + 4999, last)), { versions: 'keep' })
    if (!result.ok) throw codedError(result.error.code, `The workspace's log could not be copied for the flow's trial: ${result.error.message}`, result.error.details ?? {})
  }
}

/** The report with the workspace's positions, when something else was appended between the trial and the write. */
function renumbered(report: FlowReport, tried: readonly EventEnvelope[], written: readonly EventEnvelope[]): FlowReport {
  if (tried.length === 0 || tried[0].position === written[0]?.position) return report
  const shift = new Map(tried.map((e, i) => [e.position, written[i]?.position ?? e.position]))
  const moved = (p: number) => shift.get(p) ?? p
  return {
    ...report,
    steps: report.steps.map((s) => ({ ...s, position: moved(s.position), events: s.events.map((e) => ({ ...e, position: moved(e.position) })) })),
    hotspots: report.hotspots.map((h) => ({ ...h, position: moved(h.position) })),
  }
}

/** "WireTransfer" → "wire transfer". */
function words(aggregate: string): string {
  return aggregate.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
}

/** The stream a step addresses, when it addresses one (a command's aggregate and id, a given's streams, a hotspot's). */
function streamsOf(step: FlowStep, index: number, flow: Flow, registry: Registry): string[] {
  if (step.kind === 'given') return step.given.map((e) => e.stream)
  if (step.kind === 'hotspot') return [`Hotspot-${hotspotIdOf(flow, index)}`]
  if (step.kind !== 'command') return []
  try {
    const route = registry.route(step.command, step.aggregate)
    const valid = validateCommand(step.command, route.spec, step.data)
    return valid.ok ? [`${route.aggregate.name}-${route.spec.id(valid.data)}`] : []
  } catch {
    return []
  }
}

/**
 * The ids a refused run collided with, in words: for each failed step, the streams it addresses that
 * the workspace already held ("customer acme already exists"), each once, in the flow's order.
 */
export function conflicts(flow: Flow, report: FlowReport, into: Engine): string[] {
  const registry = into.registry
  const out: string[] = []
  for (const step of report.steps) {
    if (step.ok) continue
    for (const stream of streamsOf(flow.steps[step.index], step.index, flow, registry)) {
      if (into.store.streamVersion(stream) === 0) continue
      const dash = stream.indexOf('-')
      const line = `${words(stream.slice(0, dash))} ${stream.slice(dash + 1)} already exists`
      if (!out.includes(line)) out.push(line)
    }
  }
  return out
}
