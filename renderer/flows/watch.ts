import type { EventEnvelope, EventMeta } from '../../domain/kernel/envelope.ts'
import { layoutStorm, type LaneMode, type StormLayout } from '../../domain/storming/notation/layout.ts'
import { streamAggregate } from '../../domain/storming/notation/names.ts'
import { columnAt, stormOf, type StormColumn } from '../../domain/storming/notation/storm.ts'
import type { FlowReport, ReportedEvent, StepReport } from '../../main/ipc/contract.ts'

/** A reported event, with the envelope's metadata when the report carries it. */
type Reported = ReportedEvent & { id?: string; version?: number; at?: string; meta?: EventMeta }

/**
 * A report's event as an envelope the storm notation draws. A report that carries the envelope's
 * metadata is used as it is; otherwise the metadata is made from what the report says (the step's
 * command for its own events, the policy for a policy's), so that each command still makes one column.
 */
export function envelopeOf(event: Reported, step: StepReport): EventEnvelope {
  if (event.meta) return { id: event.id ?? `p${event.position}`, version: event.version ?? 0, at: event.at ?? '', ...event, meta: event.meta } as EventEnvelope
  const own = step.label.includes(': ') ? step.label.slice(step.label.lastIndexOf(': ') + 2).split('.').pop()! : step.kind
  const by = event.policy ?? 'step'
  return {
    position: event.position,
    id: `p${event.position}`,
    stream: event.stream,
    version: 0,
    type: event.type,
    at: '',
    data: event.data,
    meta: {
      context: '',
      aggregate: streamAggregate(event.stream),
      command: event.policy ? `by ${event.policy}` : step.kind === 'given' ? 'Given' : own,
      commandId: `${step.index}-${by}-${event.stream}`,
      actor: event.actor,
      policy: event.policy,
      causationId: `${step.index}`,
      correlationId: `${step.index}`,
      schema: 1,
    },
  }
}

/**
 * Every event of the run in log order, each with the index of the step that caused it. The report's
 * `log` is drawn as the log holds it (a scratch run's whole log, or what a run wrote into the workspace;
 * each step's `position` is where the log stood after it); only a report without one (an older host) is
 * drawn from each step's own events, its metadata made from the report.
 */
export function runEvents(report: FlowReport): Array<{ step: number; event: EventEnvelope }> {
  if (report.log) {
    const steps = [...report.steps].sort((a, b) => a.position - b.position)
    return report.log.map((event) => ({ event, step: (steps.find((s) => s.position >= event.position) ?? steps[steps.length - 1]).index }))
  }
  return report.steps.flatMap((step) => step.events.map((e) => ({ step: step.index, event: envelopeOf(e as Reported, step) }))).sort((a, b) => a.event.position - b.event.position)
}

/** One column of the watched storm with the step it belongs to and that step's mark. */
export interface MarkedColumn {
  x: number
  step: number
  state: 'ok' | 'failed' | 'hotspot'
}

/** The storm of a run as far as step `upTo` (inclusive; -1 shows nothing), and the mark over each column. */
export function watchedStorm(report: FlowReport, upTo: number): { layout: StormLayout; marks: MarkedColumn[] } {
  const all = runEvents(report)
  const shown = all.filter((e) => e.step <= upTo)
  const stepOf = new Map(shown.map((e) => [e.event.position, e.step]))
  // Lanes by context when the report names contexts; by aggregate when it does not.
  const lanes: LaneMode = shown.every((e) => e.event.meta.context !== '') ? 'context' : 'aggregate'
  const columns = stormOf(shown.map((e) => e.event)).columns
  pinCheckedHotspots(columns, report, upTo)
  const layout = layoutStorm(columns, lanes)
  const byIndex = new Map(report.steps.map((s) => [s.index, s]))
  const marks = layout.columns.map((placed) => {
    const step = stepOf.get(placed.column.first) ?? 0
    const report = byIndex.get(step)
    return { x: placed.x, step, state: report?.kind === 'hotspot' ? 'hotspot' as const : report?.ok === false ? 'failed' as const : 'ok' as const }
  })
  return { layout, marks }
}

/**
 * A Check raises no hotspot event (its hotspots stay in the report), so each hotspot step shown so far
 * that raised none is pinned as the log's raised ones are: a neon-pink sticky on the column at its
 * position (the last column before it), or on the first column when it came before any event.
 */
function pinCheckedHotspots(columns: StormColumn[], report: FlowReport, upTo: number): void {
  for (const hotspot of report.hotspots) {
    if (hotspot.step > upTo) continue
    if (report.steps[hotspot.step]?.events.some((e) => e.type === 'HotspotRaised')) continue
    const column = columnAt(columns, hotspot.position) ?? columns[0]
    column?.hotspots.push({ id: `step-${hotspot.step + 1}`, text: hotspot.note, status: 'open', source: 'raised', position: hotspot.position })
  }
}

/** The first failing step's place in the report (where a watch stops to show it), or -1. */
export function firstFailure(report: FlowReport): number {
  return report.steps.findIndex((s) => s.kind !== 'hotspot' && !s.ok)
}
