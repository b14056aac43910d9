import { codedError, type BoundedContext, type EventEnvelope } from '../../domain/kernel/index.ts'
import { designDocument } from '../../domain/storming/notation/design-doc.ts'
import { layoutStorm, type LaneMode } from '../../domain/storming/notation/layout.ts'
import { stormMermaid } from '../../domain/storming/notation/mermaid.ts'
import { NameBook } from '../../domain/storming/notation/names.ts'
import { stormOf, type NotationOptions } from '../../domain/storming/notation/storm.ts'
import { stormSvg } from '../../domain/storming/notation/svg.ts'
import { flowText } from '../flows/flow-file.ts'
import { selectionFlow } from '../flows/recorder.ts'
import type { SpecSource } from '../flows/spec-from-log.ts'
import { encodeLine } from '../store/line.ts'
import type { ExportFormat } from './formats.ts'

export { EXPORT_FILES, EXPORT_FORMATS, type ExportFormat } from './formats.ts'

/** Which part of the log to export: a position range and/or one correlation (a cascade). */
export interface Selection {
  from?: number
  to?: number
  correlation?: string
}

/** The events of a selection, in log order. */
export function selectEvents(events: readonly EventEnvelope[], selection: Selection): EventEnvelope[] {
  const from = selection.from ?? 1
  const to = selection.to ?? Number.POSITIVE_INFINITY
  if (from > to) throw codedError('INVALID_SELECTION', `--from ${from} is after --to ${to}.`, { field: 'from' })
  return events.filter((e) => e.position >= from && e.position <= to && (selection.correlation === undefined || e.meta.correlationId === selection.correlation))
}

/** What the notation needs to know of the registered contexts: the read models each policy reads, and every read model. */
export function notationOf(contexts: readonly BoundedContext[]): { policyReads: NonNullable<NotationOptions['policyReads']>; readModels: Record<string, string[]> } {
  const policyReads: Record<string, readonly string[]> = {}
  const readModels: Record<string, string[]> = {}
  for (const context of contexts) {
    for (const policy of context.policies) {
      const reads = (policy as { reads?: readonly string[] }).reads
      if (reads && reads.length > 0) policyReads[policy.name] = reads
    }
    readModels[context.name] = context.projections.flatMap((p) => Object.keys(p.queries))
  }
  return { policyReads, readModels }
}

/** Options of an export. */
export interface ExportOptions {
  title: string
  contexts: readonly BoundedContext[]
  lanes?: LaneMode
  /** The whole log, when the events are a selection: names come from all of it. */
  log?: readonly EventEnvelope[]
  /** PNG only: pixels per SVG pixel (2 by default, crisp on a high-density screen). */
  scale?: number
  /** svg and png: the events a team-sync rebase withdrew, drawn greyed and struck as on the storm view. */
  superseded?: ReadonlySet<string>
  /** `flow` only: the log the selection comes from (its cascades are replayed whole, their state given). */
  source?: SpecSource
}

/**
 * The selected events in one format: the design document (md), a Mermaid flowchart, the storm as SVG or
 * PNG (the whole selection as drawn, not only what a screen shows), the events in the log's own line
 * format (jsonl, each line with its crc), or the selection as one given / when / then flow file (flow).
 */
export async function exportEvents(events: readonly EventEnvelope[], format: ExportFormat, options: ExportOptions): Promise<Buffer> {
  if (format === 'flow') {
    if (!options.source) throw new Error('bug: a flow export needs the log its selection comes from')
    return Buffer.from(flowText(selectionFlow(options.source, events, options.title)), 'utf8')
  }
  if (format === 'jsonl') return Buffer.from(events.map((e) => `${encodeLine(e)}\n`).join(''), 'utf8')
  const { policyReads, readModels } = notationOf(options.contexts)
  const storm = stormOf(events, { policyReads, names: new NameBook().add(options.log ?? events) })
  if (format === 'md') return Buffer.from(designDocument(storm.columns, { title: options.title, readModels, hotspots: storm.hotspots }), 'utf8')
  if (format === 'mermaid') return Buffer.from(stormMermaid(storm.columns), 'utf8')
  const svg = stormSvg(layoutStorm(storm.columns, options.lanes ?? 'context', options.superseded), { title: options.title })
  if (format === 'svg') return Buffer.from(svg, 'utf8')
  const { Resvg } = await loadResvg()
  const png = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
  return Buffer.from(png.render().asPng())
}

/**
 * The PNG renderer (resvg, a native module), loaded when a PNG is asked for: the Electron main bundle
 * leaves it out of its code (esbuild cannot bundle a `.node` file) and Node finds it in node_modules.
 */
async function loadResvg(): Promise<typeof import('@resvg/resvg-js')> {
  const name = '@resvg/resvg-js'
  const loaded = (await import(/* @vite-ignore */ name)) as typeof import('@resvg/resvg-js') & { default?: typeof import('@resvg/resvg-js') }
  return loaded.Resvg ? loaded : loaded.default!
}
