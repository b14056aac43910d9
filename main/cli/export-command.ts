import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { codedError, isCodedError, toCodedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace } from '../app/workspace.ts'
import { EXPORT_FORMATS, exportEvents, selectEvents, type ExportFormat, type Selection } from '../export/storm-export.ts'
import { parseFlow } from '../flows/flow-file.ts'
import type { SpecSource } from '../flows/spec-from-log.ts'
import { flowLogEngine } from '../flows/run-flow-file.ts'

/** What `stormbook export` is asked. */
export interface ExportArgs {
  source: string | undefined
  format: string | true | undefined
  out?: string | true
  from?: string | true
  to?: string | true
  correlation?: string | true
  lanes?: string | true
}

function position(value: string | true | undefined, field: string): number | undefined {
  if (value === undefined) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) throw codedError('USAGE', `--${field} needs a log position (1 or more), not "${value === true ? '' : value}".`, { field })
  return n
}

/** Where the exported events come from: their log, opened read-only (a workspace) or run in memory (a flow file). */
interface Opened {
  events: EventEnvelope[]
  title: string
  source: SpecSource
  /** The events a team-sync rebase withdrew (drawn greyed and struck); none for a flow file. */
  superseded: ReadonlySet<string>
  close(): Promise<void>
}

/** The events of a flow file (run in a fresh in-memory workspace, its hotspots raised) or of a workspace folder (opened read-only). */
async function eventsOf(source: string): Promise<Opened> {
  let isFile = false
  try {
    isFile = statSync(source).isFile()
  } catch {
    throw codedError('SOURCE_NOT_FOUND', `There is no workspace folder or flow file at ${source}.`, { field: 'source', path: source })
  }
  if (isFile) {
    const flow = parseFlow(readFileSync(source, 'utf8'))
    const { engine } = await flowLogEngine(flow, contexts)
    return { events: engine.store.readRange(1, engine.store.lastPosition), title: flow.flow, source: engine, superseded: new Set(), close: () => engine.close() }
  }
  const ws = await openWorkspace(source, { contexts, clock: new SystemClock(), readOnly: true })
  return { events: ws.engine.store.readRange(1, ws.engine.store.lastPosition), title: ws.document.data.name ?? basename(source), source: ws.engine, superseded: new Set(ws.engine.superseded.list()), close: () => ws.close() }
}

/**
 * `stormbook export <workspace-dir|flow-file> --format md|mermaid|svg|png|jsonl|flow [--out FILE] [--from N]
 * [--to M] [--correlation ID] [--lanes context|aggregate]`: writes the selection to FILE (whole, or not at
 * all) or to standard output. Exit 0 done, 1 nothing selected, 2 bad input (named), 70 a bug.
 */
export async function exportCommand(args: ExportArgs, io: { stdout: (data: Buffer | string) => void; stderr: (text: string) => void }): Promise<number> {
  try {
    if (!args.source) throw codedError('USAGE', 'export needs a workspace folder or a flow file.', { field: 'source' })
    if (typeof args.format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(args.format)) {
      throw codedError('USAGE', `--format must be one of ${EXPORT_FORMATS.join(', ')}.`, { field: 'format' })
    }
    if (args.out === true) throw codedError('USAGE', '--out needs a file name.', { field: 'out' })
    if (args.correlation === true) throw codedError('USAGE', '--correlation needs the id of a cascade (its first command).', { field: 'correlation' })
    if (args.lanes !== undefined && args.lanes !== 'context' && args.lanes !== 'aggregate') throw codedError('USAGE', '--lanes must be context or aggregate.', { field: 'lanes' })
    const selection: Selection = { from: position(args.from, 'from'), to: position(args.to, 'to'), correlation: args.correlation }
    const opened = await eventsOf(args.source)
    let bytes: Buffer
    let count: number
    try {
      const { events, title, source, superseded } = opened
      const selected = selectEvents(events, selection)
      if (selected.length === 0) {
        io.stderr(`Nothing to export: the selection holds no event (the log has ${events.length}).\n`)
        return 1
      }
      count = selected.length
      bytes = await exportEvents(selected, args.format as ExportFormat, { title, contexts, log: events, lanes: args.lanes as 'context' | 'aggregate' | undefined, source, superseded })
    } finally {
      await opened.close()
    }
    if (args.out) {
      // Whole or not at all: a half-written export never replaces a good one.
      writeFileSync(`${args.out}.tmp`, bytes)
      renameSync(`${args.out}.tmp`, args.out)
      io.stderr(`Exported ${count} events as ${args.format} to ${args.out}.\n`)
    } else io.stdout(bytes)
    return 0
  } catch (error) {
    const coded = toCodedError(error)
    io.stderr(`stormbook export: ${coded.message}${coded.code === 'INTERNAL' ? '' : ` (${coded.code})`}\n`)
    return isCodedError(error) ? 2 : 70
  }
}
