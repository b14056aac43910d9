import { DateTime } from 'luxon'
import { codedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import type { FlowDocument, FlowStepDocument } from './flow-file.ts'
import { cascadeAt, checkReplayable, givenBefore, replaySteps, streamsRead, type SpecSource } from './spec-from-log.ts'

/** Whether a recording runs, where it began, how many root commands it holds, and (after stop) what it made. */
export interface RecordingStatus {
  recording: boolean
  from?: number
  commands?: number
  file?: string
  flow?: FlowDocument
}

/** The cascades appended after a position, each with its root command's events first, in log order. */
function cascadesAfter(source: SpecSource, from: number): EventEnvelope[][] {
  const last = source.store.lastPosition
  const out: EventEnvelope[][] = []
  const byRoot = new Map<string, EventEnvelope[]>()
  for (let p = from + 1; p <= last; p += 1000) {
    for (const event of source.store.readRange(p, Math.min(p + 999, last))) {
      let cascade = byRoot.get(event.meta.correlationId)
      if (!cascade) {
        cascade = []
        byRoot.set(event.meta.correlationId, cascade)
        out.push(cascade)
      }
      cascade.push(event)
    }
  }
  return out
}

/** Whether a cascade is one a flow step can replay (a command an actor sent, an external system's fill, a hotspot raised). */
function replayable(cascade: readonly EventEnvelope[], source: SpecSource): boolean {
  const first = cascade[0]
  if (first.meta.commandId !== first.meta.correlationId || first.meta.input === undefined) return false
  if (first.meta.command === 'RaiseHotspot') return true
  try {
    checkReplayable(first, source.registry)
    return true
  } catch {
    return false
  }
}

/** ISO-8601 duration between two instants ("PT90S"). */
function between(from: string, to: string): string | undefined {
  const ms = DateTime.fromISO(to, { zone: 'utc' }).toMillis() - DateTime.fromISO(from, { zone: 'utc' }).toMillis()
  return ms > 0 ? `PT${ms / 1000}S` : undefined
}

/**
 * A flow from what was recorded after `from`: each root command becomes a step with its actor and data
 * (a fill an external system made at new quotes becomes a `market` step), its cascade the expected
 * events; the clock advances where time passed between them; the state the commands needed from before
 * the recording (the earlier events of the streams they touched and their preconditions read) becomes
 * one `given` step. FLOW_NOTHING_RECORDED when no command was sent.
 */
export function recordedFlow(source: SpecSource, from: number, name: string): FlowDocument {
  const cascades = cascadesAfter(source, from).filter((c) => replayable(c, source))
  if (cascades.length === 0) throw codedError('FLOW_NOTHING_RECORDED', 'No command was sent while recording: there is nothing to make a flow of.', {})
  return flowOfCascades(source, cascades, from + 1, name, `Recorded from positions ${from + 1} to ${source.store.lastPosition}: ${cascades.length} command(s).`)
}

/**
 * A selection of the log as one given / when / then flow: every cascade with an event in it, whole, in
 * log order (those no step can replay, such as given events, are left out). NOTHING_TO_REPLAY when none is left.
 */
export function selectionFlow(source: SpecSource, selected: readonly EventEnvelope[], name: string): FlowDocument {
  const seen = new Set<string>()
  const cascades: EventEnvelope[][] = []
  for (const event of selected) {
    if (seen.has(event.meta.correlationId)) continue
    seen.add(event.meta.correlationId)
    const cascade = cascadeAt(source, event.position).events
    if (replayable(cascade, source)) cascades.push(cascade)
  }
  if (cascades.length === 0) throw codedError('NOTHING_TO_REPLAY', 'The selection holds no command a flow can replay (only seeded events, or commands written before the log kept their data).', {})
  cascades.sort((a, b) => a[0].position - b[0].position)
  const first = cascades[0][0].position
  return flowOfCascades(source, cascades, first, name, `Made from the log, positions ${first} to ${cascades.at(-1)!.at(-1)!.position}: ${cascades.length} command(s).`)
}

/** Cascades as steps after one `given` step of what their streams held before `before`, with the clock advanced between them. */
function flowOfCascades(source: SpecSource, cascades: readonly EventEnvelope[][], before: number, name: string, description: string): FlowDocument {
  const given = givenBefore(source, streamsRead(cascades.flat(), source.registry), before, cascades[0][0].at)
  const steps: FlowStepDocument[] = []
  if (given.length > 0) steps.push({ given, note: 'the state the commands found' })
  let clock = cascades[0][0].at
  for (const cascade of cascades) {
    const advance = between(clock, cascade[0].at)
    if (advance) steps.push({ advance })
    clock = cascade[0].at
    steps.push(...replaySteps(cascade, source.registry))
  }
  return { flow: name, description, start: cascades[0][0].at, wire: source.settings.wire === 'manual' ? 'manual' : 'auto', steps }
}

/** A flow recorder of one workspace: start marks where the log stands; stop turns what followed into a flow. */
export class FlowRecorder {
  private from: number | undefined
  private readonly source: SpecSource

  constructor(source: SpecSource) {
    this.source = source
  }

  /** Starts recording from the log's end (a recording already running goes on from where it began). */
  start(): RecordingStatus {
    this.from ??= this.source.store.lastPosition
    return this.status()
  }

  /** Whether it records, from where, and how many root commands so far. */
  status(): RecordingStatus {
    if (this.from === undefined) return { recording: false }
    const commands = cascadesAfter(this.source, this.from).filter((c) => replayable(c, this.source)).length
    return { recording: true, from: this.from, commands }
  }

  /** Stops recording and makes the flow (FLOW_NOTHING_RECORDED when nothing was sent; recording stops anyway). */
  stop(name: string): { from: number; flow: FlowDocument } {
    const from = this.from
    if (from === undefined) throw codedError('NOT_RECORDING', 'Nothing is being recorded: start recording first.', { field: 'action' })
    this.from = undefined
    return { from, flow: recordedFlow(this.source, from, name) }
  }
}
