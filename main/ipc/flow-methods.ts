import { codedError, type EventEnvelope } from '../../domain/kernel/index.ts'
import type { Workspace } from '../app/workspace.ts'
import { EXPORT_FILES, exportEvents, selectEvents, type ExportFormat } from '../export/storm-export.ts'
import { commandCatalog } from '../flows/command-catalog.ts'
import { FlowLibrary } from '../flows/library.ts'
import { FlowRecorder } from '../flows/recorder.ts'
import { parseFlow } from '../flows/flow-file.ts'
import { flowLogEngine, runFlowFile, runFlowText } from '../flows/run-flow-file.ts'
import { specFromLog } from '../flows/spec-from-log.ts'
import { validateFlow } from '../flows/validate.ts'
import type { ApiResult, MethodValues, Params, StormExport } from './contract.ts'

/** The methods of the flows studio (flows.*, flows.export and storm.export). */
export type FlowMethodName = Extract<keyof MethodValues, `flows.${string}` | 'storm.export'>

type Handlers = { [M in FlowMethodName]: (params: Params<M>) => Promise<ApiResult<MethodValues[M]>> | ApiResult<MethodValues[M]> }

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value })

/** The largest selection `storm.export` reads at once. */
const EXPORT_LIMIT = 200_000

/** An exported file as the API answers it: named after its title, text as text, a PNG as base64. */
function exported(bytes: Buffer, format: ExportFormat, title: string, fallback: string): StormExport {
  const { extension, mime } = EXPORT_FILES[format]
  const stem = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || fallback
  const fileName = `${stem}.${extension}`
  return format === 'png' ? { fileName, mime, base64: bytes.toString('base64') } : { fileName, mime, text: bytes.toString('utf8') }
}

/**
 * The flows studio's side of the API for one open workspace: the flow library (samples read-only, the
 * workspace's own `flows/`), validation, the command catalog, specs from the log, the recorder (its
 * state lives as long as this workspace's API), runs (a library flow or the editor's unsaved one) and
 * the storm's exports. Each handler throws coded errors; the API answers them as values.
 */
export function flowMethods(workspace: Workspace, samplesDir: string): Handlers {
  const engine = workspace.engine
  const library = new FlowLibrary({ samplesDir, workspaceDir: workspace.dir, registry: engine.registry, now: () => engine.clock.now() })
  const recorder = new FlowRecorder(engine)
  const facilitator = () => (typeof engine.settings.actor === 'string' ? engine.settings.actor : undefined)

  return {
    'flows.list': () => ok(library.list()),
    'flows.run': async (params) => {
      if (params.flow !== undefined) {
        const { flow, problems } = validateFlow(params.flow, engine.registry)
        if (!flow) throw codedError('FLOW_INVALID', problems[0].message, { field: problems[0].field, problems })
        return ok(await runFlowFile(flow, { contexts: engine.registry.contexts, keepLog: true }))
      }
      // The CLI's `flow run` runs flows through the same function, with the same settings (start, wire,
      // market): a Check is a fresh scratch log; a run into the workspace is tried in a scratch copy first.
      const file = params.file!
      const text = library.text(file)
      const scratch = params.into === 'scratch'
      const report = await runFlowText(text, { contexts: engine.registry.contexts, into: scratch ? undefined : engine, facilitator: facilitator(), keepLog: true })
      library.recordResult(file, report)
      return ok(report)
    },
    'flows.read': (params) => ok(library.read(params.file)),
    'flows.save': (params) => ok(library.save(params.file, params.flow)),
    'flows.rename': (params) => ok(library.rename(params.file, params.to)),
    'flows.duplicate': (params) => ok(library.duplicate(params.file, params.to)),
    'flows.delete': (params) => ok(library.delete(params.file)),
    'flows.import': (params) => ok(library.import(params.file, params.text)),
    'flows.validate': (params) => ok({ problems: validateFlow(params.flow, engine.registry).problems }),
    'flows.commands': () => ok(commandCatalog(engine.registry)),
    'flows.fromLog': (params) => ok(specFromLog(engine, params.position)),
    'flows.record': (params) => {
      if (params.action === 'start') return ok(recorder.start())
      if (params.action === 'status') return ok(recorder.status())
      const status = recorder.status()
      const { from, flow } = recorder.stop(params.name ?? `Recorded from position ${(status.from ?? 0) + 1}`)
      const file = params.file ?? `recorded-at-${from + 1}.flow.json`
      const saved = library.save(file, flow)
      return ok({ recording: false, from, commands: status.commands, file: saved.file, flow: library.read(saved.file).flow })
    },
    'storm.export': async (params) => {
      const last = engine.store.lastPosition
      const from = Math.max(params.from ?? 1, params.positions ? Math.min(...params.positions) : 1)
      const to = Math.min(params.to ?? last, params.positions ? Math.max(...params.positions) : last)
      if (from <= to && to - from >= EXPORT_LIMIT) throw codedError('SELECTION_TOO_LARGE', `The selection holds ${to - from + 1} events; export at most ${EXPORT_LIMIT} at once (narrow it with from and to).`, { field: 'from' })
      const range: EventEnvelope[] = from <= to ? engine.store.readRange(from, to) : []
      const wanted = params.positions ? new Set(params.positions) : undefined
      const selected = selectEvents(range, { correlation: params.correlation }).filter((e) => !wanted || wanted.has(e.position))
      if (selected.length === 0) throw codedError('NOTHING_SELECTED', 'Nothing to export: the selection holds no event.', { field: params.positions ? 'positions' : 'from' })
      const title = workspace.document.data.name ?? 'Stormbook'
      const bytes = await exportEvents(selected, params.format, { title, contexts: engine.registry.contexts, log: range, lanes: params.lanes, source: engine, superseded: new Set(engine.superseded.list()) })
      return ok(exported(bytes, params.format, title, 'storm'))
    },
    'flows.export': async (params) => {
      let flow
      if (params.flow !== undefined) {
        const checked = validateFlow(params.flow, engine.registry)
        if (!checked.flow) throw codedError('FLOW_INVALID', checked.problems[0].message, { field: checked.problems[0].field, problems: checked.problems })
        flow = checked.flow
      } else flow = parseFlow(library.text(params.file!))
      const { engine: run } = await flowLogEngine(flow, engine.registry.contexts)
      try {
        const events = run.store.readRange(1, run.store.lastPosition)
        if (events.length === 0) throw codedError('NOTHING_SELECTED', `Nothing to export: ${flow.flow} writes no event.`, { field: params.file !== undefined ? 'file' : 'flow' })
        const bytes = await exportEvents(events, params.format, { title: flow.flow, contexts: engine.registry.contexts, lanes: params.lanes, source: run })
        return ok(exported(bytes, params.format, flow.flow, 'flow'))
      } finally {
        await run.close()
      }
    },
  }
}
