import { codedError, dateOf, type EventEnvelope } from '../../domain/kernel/index.ts'
import { nextMarketClose } from '../../domain/trading/policies/market-close.ts'
import type { Registry } from '../app/registry.ts'
import type { FlowDocument, FlowStepDocument } from './flow-file.ts'
import { cascadeAt, checkReplayable, givenBefore, quotesUsed, replaySteps, streamsRead, type SpecSource } from './spec-from-log.ts'

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

/** Think time: a shorter gap between two replayed commands is left out of a flow, unless it crosses a day or a market close. */
export const THINK_TIME_MS = 60 * 60 * 1000

/** ISO-8601 duration between two instants, in days, hours, minutes and seconds ("P1DT2H", "PT0.5S"; "PT0S" when none). */
export function durationBetween(from: string, to: string): string {
  let ms = Math.max(0, Date.parse(to) - Date.parse(from))
  const days = Math.floor(ms / 86_400_000)
  ms -= days * 86_400_000
  const hours = Math.floor(ms / 3_600_000)
  ms -= hours * 3_600_000
  const minutes = Math.floor(ms / 60_000)
  const seconds = (ms - minutes * 60_000) / 1000
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`
  return days === 0 && time === '' ? 'PT0S' : `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/**
 * Whether moving a flow's clock from one instant to another matters to the domain: an hour or more
 * (THINK_TIME_MS), or across a UTC midnight (dates, stale days, a sales cycle), or across a market close
 * (day orders expire then; orders placed after it expire a day later). Anything less is think time.
 */
export function clockGapMatters(from: string, to: string): boolean {
  const a = Date.parse(from)
  const b = Date.parse(to)
  if (!(b > a)) return false
  if (b - a >= THINK_TIME_MS) return true
  if (dateOf(new Date(a).toISOString()) !== dateOf(new Date(b).toISOString())) return true
  return Date.parse(nextMarketClose(new Date(a).toISOString())) <= b
}

/**
 * Whether a cascade is an external system's answer to the clock moving (the trade service expiring a day
 * order): its root command was sent by an external system and priced at no quote (a market move's fill
 * states its price). Replayed as the clock move itself, so that a re-run cannot expire the order twice.
 */
function clockReaction(cascade: readonly EventEnvelope[], registry: Registry): boolean {
  const first = cascade[0]
  return first.meta.policy === null && registry.externalSystems.some((s) => s.name === first.meta.actor) && Object.keys(quotesUsed(cascade)).length === 0
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

/**
 * Cascades as steps after one `given` step of what their streams held before `before`. The clock moves
 * only where it matters (clockGapMatters): the person's think time between commands is left out, so the
 * flow's clock may run behind the log's by less than THINK_TIME_MS, never across a day or a market close.
 * External systems' answers to the clock (an order expiring) become the `advance` step that causes them,
 * expecting their events, never a command of their own.
 */
function flowOfCascades(source: SpecSource, cascades: readonly EventEnvelope[][], before: number, name: string, description: string): FlowDocument {
  const start = cascades[0][0].at
  const given = givenBefore(source, streamsRead(cascades.flat(), source.registry), before, start)
  const steps: FlowStepDocument[] = []
  if (given.length > 0) steps.push({ given, note: 'the state the commands found' })
  let clock = start
  for (let i = 0; i < cascades.length; i++) {
    const at = cascades[i][0].at
    if (clockReaction(cascades[i], source.registry)) {
      // One clock move answered by every cascade it caused (all stamped with its time).
      const answers = [cascades[i]]
      while (i + 1 < cascades.length && cascades[i + 1][0].at === at && clockReaction(cascades[i + 1], source.registry)) answers.push(cascades[++i])
      const commands = [...new Set(answers.map((c) => `${c[0].meta.actor} ${c[0].meta.command}`))].join(', ')
      const events = answers.flat().map((e) => ({ type: e.type, data: source.registry.upcast(e).data }))
      steps.push({ advance: durationBetween(clock, at), note: `the clock moves on: ${commands}`, expect: { events } })
      if (Date.parse(at) > Date.parse(clock)) clock = at
      continue
    }
    if (clockGapMatters(clock, at)) {
      steps.push({ advance: durationBetween(clock, at) })
      clock = at
    }
    steps.push(...replaySteps(cascades[i], source.registry))
  }
  return { flow: name, description, start, wire: source.settings.wire === 'manual' ? 'manual' : 'auto', steps }
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
