import type { AggregateDefinition, EventEnvelope, Projection } from '../../domain/kernel/index.ts'
import type { Registry } from '../app/registry.ts'
import { AGGREGATES_CHECKPOINT, AGGREGATES_FORMAT } from '../app/stream-states.ts'
import type { Checkpoint, CheckpointFolder } from '../store/checkpoints.ts'

/** One finding of `log verify --deep` about a checkpoint or the saved aggregate states. */
export interface CheckpointFinding {
  projection: string
  position: number
  /** mismatch: differs from the fold (a failure); rejected: fails its checksum (a failure); note: ignored, harmless. */
  kind: 'mismatch' | 'rejected' | 'note'
  /** What differs or why: `at <path>: checkpoint has X, the log folds to Y`. */
  what: string
}

/** Where two JSON values first differ (`$.deals.o-1[1]`), and the two values there. */
export function firstDifference(saved: unknown, folded: unknown, path = '$'): { path: string; saved: unknown; folded: unknown } | undefined {
  if (Object.is(saved, folded)) return undefined
  const bothObjects = typeof saved === 'object' && saved !== null && typeof folded === 'object' && folded !== null
  if (!bothObjects || Array.isArray(saved) !== Array.isArray(folded)) return { path, saved, folded }
  if (Array.isArray(saved) && Array.isArray(folded)) {
    if (saved.length !== folded.length) return { path: `${path}.length`, saved: saved.length, folded: folded.length }
    for (let i = 0; i < saved.length; i++) {
      const d = firstDifference(saved[i], folded[i], `${path}[${i}]`)
      if (d) return d
    }
    return undefined
  }
  const a = saved as Record<string, unknown>
  const b = folded as Record<string, unknown>
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) return { path: `${path}.${key}`, saved: a[key], folded: b[key] }
    const d = firstDifference(a[key], b[key], `${path}.${key}`)
    if (d) return d
  }
  return undefined
}

function short(value: unknown): string {
  const text = value === undefined ? '(nothing)' : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** A state as it is saved: the JSON round trip the engine's checkpoints go through. */
function asSaved(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state) ?? 'null')
}

/**
 * Re-folds every projection (and the aggregates of the saved states) from the log, event by event, and
 * compares each checkpoint with the fold at its position. Feed it every event in order (`visit`), then
 * ask for the findings (`finish`) with the log's last position and the event ids the checkpoints name.
 */
export class DeepVerifier {
  readonly findings: CheckpointFinding[] = []
  private readonly folder: CheckpointFolder
  private readonly registry: Registry
  private readonly states = new Map<string, unknown>()
  private readonly types = new Map<string, Set<string>>()
  /** projection → checkpoint positions still ahead of the scan. */
  private readonly due = new Map<Projection, number[]>()
  /** Checkpoint positions → the id of the event there, as the scan read it. */
  private readonly ids = new Map<number, string>()
  /** Saved aggregate states to check: their checkpoint and, per stream, the version they claim. */
  private readonly saved: Array<{ checkpoint: Checkpoint; streams: Map<string, { aggregate: string; version: number; state: unknown }>; compared: Set<string> }> = []
  /** stream → [version folded, state] for the streams the saved states name. */
  private readonly aggregates = new Map<string, { version: number; state: unknown; definition: AggregateDefinition }>()

  constructor(registry: Registry, folder: CheckpointFolder) {
    this.registry = registry
    this.folder = folder
    const known = new Set(registry.projections.map((p) => p.name))
    for (const projection of registry.projections) {
      this.states.set(projection.name, projection.init())
      this.types.set(projection.name, new Set(projection.on))
      this.due.set(projection, [...folder.positionsOf(projection.name)])
    }
    for (const name of folder.names()) {
      if (!known.has(name) && name !== AGGREGATES_CHECKPOINT) {
        this.note(name, folder.positionsOf(name)[0], 'no projection of this name is registered: ignored')
      }
    }
    this.loadSavedStates()
  }

  private note(projection: string, position: number, what: string): void {
    this.findings.push({ projection, position, kind: 'note', what })
  }

  /** Reads a checkpoint: what it holds, or a finding (and undefined) when it fails its checksum. */
  private read(projection: string, position: number): Checkpoint | undefined {
    const found = this.folder.inspect(projection, position)
    if ('checkpoint' in found) return found.checkpoint
    const harmless = found.reason.startsWith('no checksum')
    this.findings.push({ projection, position, kind: harmless ? 'note' : 'rejected', what: `${found.reason}; the engine ignores it and folds from the log` })
    return undefined
  }

  private loadSavedStates(): void {
    const definitions = this.registry.aggregateDefinitions()
    for (const position of this.folder.positionsOf(AGGREGATES_CHECKPOINT)) {
      this.ids.set(position, '')
      const checkpoint = this.read(AGGREGATES_CHECKPOINT, position)
      if (!checkpoint) continue
      if (checkpoint.version !== AGGREGATES_FORMAT) {
        this.note(AGGREGATES_CHECKPOINT, position, `of format ${checkpoint.version}, not ${AGGREGATES_FORMAT}: ignored`)
        continue
      }
      const state = checkpoint.state as { aggregates?: Record<string, number>; streams?: Record<string, { aggregate: string; version: number; state: unknown }> }
      const streams = new Map<string, { aggregate: string; version: number; state: unknown }>()
      for (const [stream, entry] of Object.entries(state?.streams ?? {})) {
        const definition = definitions.get(entry?.aggregate)
        // Entries of an aggregate that is gone or changed its version are left out by the engine too.
        if (!definition || state.aggregates?.[entry.aggregate] !== (definition.version ?? 1)) continue
        streams.set(stream, entry)
        if (!this.aggregates.has(stream)) this.aggregates.set(stream, { version: 0, state: definition.decider.initialState, definition })
      }
      this.saved.push({ checkpoint, streams, compared: new Set() })
    }
  }

  /** Folds one event (as read, before upcasting) and checks the checkpoints at its position. */
  visit(raw: EventEnvelope): void {
    const event = this.registry.upcast(raw)
    if (this.ids.has(event.position)) this.ids.set(event.position, event.id)
    for (const projection of this.registry.projections) {
      if (this.types.get(projection.name)!.has(event.type)) this.states.set(projection.name, projection.apply(this.states.get(projection.name), event))
      const positions = this.due.get(projection)!
      while (positions.length > 0 && positions[0] <= event.position) {
        const position = positions.shift()!
        if (position === event.position) this.compareProjection(projection, event)
      }
    }
    const entry = this.aggregates.get(event.stream)
    if (entry && entry.version === event.version - 1 && event.meta.aggregate === entry.definition.name) {
      entry.state = entry.definition.decider.evolve(entry.state, event)
      entry.version = event.version
      for (const saved of this.saved) {
        const claim = saved.streams.get(event.stream)
        if (claim && claim.version === event.version && event.position <= saved.checkpoint.position) {
          saved.compared.add(event.stream)
          this.compareEntry(saved.checkpoint, event.stream, claim, entry.state)
        }
      }
    }
  }

  private compareProjection(projection: Projection, event: EventEnvelope): void {
    const checkpoint = this.read(projection.name, event.position)
    if (!checkpoint) return
    if (checkpoint.version !== (projection.version ?? 1)) return this.note(projection.name, event.position, `of projection version ${checkpoint.version}, not ${projection.version ?? 1}: ignored`)
    if (checkpoint.eventId !== event.id) return this.note(projection.name, event.position, `names event ${checkpoint.eventId}, the log has ${event.id} there (another log's): ignored`)
    const d = firstDifference(checkpoint.state, asSaved(this.states.get(projection.name)))
    if (d) this.findings.push({ projection: projection.name, position: event.position, kind: 'mismatch', what: `at ${d.path}: the checkpoint has ${short(d.saved)}, the log folds to ${short(d.folded)}` })
  }

  private compareEntry(checkpoint: Checkpoint, stream: string, claim: { state: unknown }, state: unknown): void {
    const d = firstDifference(claim.state, asSaved(state), `${stream}`)
    if (d) this.findings.push({ projection: AGGREGATES_CHECKPOINT, position: checkpoint.position, kind: 'mismatch', what: `at ${d.path}: the saved state has ${short(d.saved)}, the log folds to ${short(d.folded)}` })
  }

  /** After the scan: checkpoints past the log's end, saved states naming versions the log does not reach. */
  finish(lastPosition: number): CheckpointFinding[] {
    for (const [projection, positions] of this.due) {
      for (const position of positions) this.note(projection.name, position, `lies past the log's end (${lastPosition}): ignored`)
    }
    for (const saved of this.saved) {
      const position = saved.checkpoint.position
      if (position > lastPosition) {
        this.note(AGGREGATES_CHECKPOINT, position, `lies past the log's end (${lastPosition}): ignored`)
        continue
      }
      if (this.ids.get(position) !== saved.checkpoint.eventId) {
        this.note(AGGREGATES_CHECKPOINT, position, `names event ${saved.checkpoint.eventId}, the log has ${this.ids.get(position)} there (another log's): ignored`)
        continue
      }
      for (const [stream, claim] of saved.streams) {
        if (!saved.compared.has(stream)) this.note(AGGREGATES_CHECKPOINT, position, `${stream} is saved at version ${claim.version}, which the log does not reach by position ${position}: the engine folds that stream from the log`)
      }
    }
    return this.findings
  }
}
