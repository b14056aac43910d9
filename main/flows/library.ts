import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { codedError } from '../../domain/kernel/index.ts'
import type { Registry } from '../app/registry.ts'
import { flowDocument, flowText, parseFlow, type Flow, type FlowDocument } from './flow-file.ts'
import type { FlowReport } from './runner.ts'
import { FLOW_FILE_NAME } from './flow-names.ts'
import { validateFlow } from './validate.ts'

/** Where a flow of the library comes from: the app's samples (read-only) or the workspace's own `flows/`. */
export type FlowSource = 'sample' | 'workspace'

/** The last result of a flow, as its library keeps it. */
export interface FlowResult {
  passed: boolean
  failedSteps: number
  at: string
}

/** A flow as the Flows screen lists it. */
export interface FlowSummary {
  file: string
  name: string
  /** The flow's name too (what the list showed before `name`). */
  flow: string
  description?: string
  steps: number
  source: FlowSource
  readOnly: boolean
  lastResult?: FlowResult
}

/** What a library needs: the app's samples, the workspace's folder (none in memory), the registry, the clock. */
export interface LibraryOptions {
  samplesDir: string
  workspaceDir: string | null
  registry: Registry
  now(): string
}

const RESULTS = '.results.json'

/** Writes a file whole or not at all (a temporary file renamed over it). */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text)
  renameSync(`${path}.tmp`, path)
}

function flowFiles(dir: string | null): string[] {
  if (dir === null) return []
  try {
    return readdirSync(dir).filter((f) => FLOW_FILE_NAME.test(f)).sort()
  } catch {
    return []
  }
}

/**
 * The flow library of one workspace: the app's sample flows (read-only) and the workspace's own
 * `flows/` folder, where flows are saved, renamed, duplicated, deleted and imported. A workspace flow
 * of a sample's name hides the sample. Each flow's last result is kept in `flows/.results.json`.
 */
export class FlowLibrary {
  private readonly options: LibraryOptions

  constructor(options: LibraryOptions) {
    this.options = options
  }

  /** The workspace's own flows folder (null for a workspace in memory). */
  get ownDir(): string | null {
    return this.options.workspaceDir === null ? null : join(this.options.workspaceDir, 'flows')
  }

  private samples(): string[] {
    const own = this.ownDir
    if (own !== null && resolve(own) === resolve(this.options.samplesDir)) return []
    const mine = new Set(flowFiles(own))
    return flowFiles(this.options.samplesDir).filter((f) => !mine.has(f))
  }

  /** Where a flow of the library is, and whose it is; FLOW_NOT_FOUND naming the file otherwise. */
  locate(file: string): { path: string; source: FlowSource } {
    const own = this.ownDir
    if (FLOW_FILE_NAME.test(file)) {
      if (own !== null && existsSync(join(own, file))) return { path: join(own, file), source: 'workspace' }
      if (this.samples().includes(file)) return { path: join(this.options.samplesDir, file), source: 'sample' }
    }
    throw codedError('FLOW_NOT_FOUND', `There is no flow ${file} in this workspace's flows or the samples.`, { field: 'file' })
  }

  /** Every flow, samples first, each with its last result. Unreadable files are left out. */
  list(): FlowSummary[] {
    const results = this.results()
    const out: FlowSummary[] = []
    const add = (dir: string, files: string[], source: FlowSource) => {
      for (const file of files) {
        try {
          out.push(this.summary(file, parseFlow(readFileSync(join(dir, file), 'utf8')), source, results[file]))
        } catch {
          // a malformed file is left out of the list; opening it names its problem
        }
      }
    }
    add(this.options.samplesDir, this.samples(), 'sample')
    if (this.ownDir !== null) add(this.ownDir, flowFiles(this.ownDir), 'workspace')
    return out
  }

  /** A flow file's text (FLOW_NOT_FOUND when there is none). */
  text(file: string): string {
    return readFileSync(this.locate(file).path, 'utf8')
  }

  /** A flow as its file holds it (FLOW_INVALID with the JSON path when it is malformed). */
  read(file: string): { file: string; source: FlowSource; flow: FlowDocument } {
    const { source } = this.locate(file)
    return { file, source, flow: flowDocument(parseFlow(this.text(file))) }
  }

  /**
   * Saves a flow into the workspace's `flows/` (made when missing), validated first: FLOW_INVALID names
   * the JSON path of the first problem; a sample's name is refused (FLOW_READ_ONLY); written atomically.
   */
  save(file: string, raw: unknown): FlowSummary {
    const dir = this.writableDir(file)
    const flow = this.checked(raw)
    mkdirSync(dir, { recursive: true })
    writeAtomically(join(dir, file), flowText(flowDocument(flow)))
    return this.summary(file, flow, 'workspace', this.results()[file])
  }

  /** Renames a workspace flow (FLOW_EXISTS when `to` is taken; samples are read-only). */
  rename(file: string, to: string): FlowSummary {
    const from = this.locate(file)
    if (from.source === 'sample') throw readOnly(file)
    const dir = this.writableDir(to, 'to')
    if (to !== file && this.exists(to)) throw codedError('FLOW_EXISTS', `There is already a flow ${to}.`, { field: 'to' })
    renameSync(from.path, join(dir, to))
    const results = this.results()
    if (results[file] && to !== file) {
      results[to] = results[file]
      delete results[file]
      this.keepResults(results)
    }
    return this.summary(to, parseFlow(readFileSync(join(dir, to), 'utf8')), 'workspace', results[to])
  }

  /** Copies a flow into the workspace's folder: a sample becomes a workspace flow; the copy is named "… copy". */
  duplicate(file: string, to?: string): FlowSummary {
    const flow = parseFlow(this.text(file))
    const target = to ?? this.freeName(file)
    if (this.exists(target)) throw codedError('FLOW_EXISTS', `There is already a flow ${target}.`, { field: 'to' })
    const copy = { ...flowDocument(flow), flow: `${flow.flow} copy` }
    return this.save(target, copy)
  }

  /** Deletes a workspace flow and its last result (samples are refused). */
  delete(file: string): Record<string, never> {
    const found = this.locate(file)
    if (found.source === 'sample') throw readOnly(file)
    rmSync(found.path)
    const results = this.results()
    if (results[file]) {
      delete results[file]
      this.keepResults(results)
    }
    return {}
  }

  /** Adds a flow file's text to the workspace's folder, validated as a flow file (FLOW_INVALID otherwise). */
  import(file: string, text: string): FlowSummary {
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw codedError('FLOW_INVALID', `(file): not JSON: ${(error as Error).message}`, { field: '(file)' })
    }
    const target = this.exists(file) ? this.freeName(file) : file
    return this.save(target, raw)
  }

  /** Keeps a flow's last result (when the workspace has a folder). */
  recordResult(file: string, report: FlowReport): FlowResult {
    const result = { passed: report.ok, failedSteps: report.steps.filter((s) => !s.ok).length, at: this.options.now() }
    if (this.ownDir === null) return result
    const results = this.results()
    results[file] = result
    mkdirSync(this.ownDir, { recursive: true })
    this.keepResults(results)
    return result
  }

  private checked(raw: unknown): Flow {
    const { flow, problems } = validateFlow(raw, this.options.registry)
    if (!flow) throw codedError('FLOW_INVALID', problems[0].message, { field: problems[0].field, problems })
    return flow
  }

  private exists(file: string): boolean {
    try {
      this.locate(file)
      return true
    } catch {
      return false
    }
  }

  /** The workspace's folder to write `file` into; refuses a sample's name and a workspace in memory. */
  private writableDir(file: string, field = 'file'): string {
    const dir = this.ownDir
    if (dir === null) throw codedError('NO_WORKSPACE_FOLDER', 'This workspace lives in memory: it has no flows folder to save into.', { field })
    if (!FLOW_FILE_NAME.test(file)) throw codedError('INVALID_FLOW_NAME', `${file} is not a flow file name: letters, digits, "_", "." and "-", ending in .flow.json.`, { field })
    if (this.samples().includes(file)) throw readOnly(file, field)
    return dir
  }

  /** "x.flow.json" → "x-copy.flow.json", "x-copy-2.flow.json", …: the first name not taken. */
  private freeName(file: string): string {
    const stem = file.replace(/\.flow\.json$/, '')
    for (let n = 1; ; n++) {
      const name = `${stem}-copy${n === 1 ? '' : `-${n}`}.flow.json`
      if (!this.exists(name)) return name
    }
  }

  private summary(file: string, flow: Flow, source: FlowSource, lastResult?: FlowResult): FlowSummary {
    return {
      file, name: flow.flow, flow: flow.flow, ...(flow.description !== undefined ? { description: flow.description } : {}),
      steps: flow.steps.length, source, readOnly: source === 'sample', ...(lastResult ? { lastResult } : {}),
    }
  }

  private results(): Record<string, FlowResult> {
    if (this.ownDir === null) return {}
    try {
      const raw = JSON.parse(readFileSync(join(this.ownDir, RESULTS), 'utf8')) as unknown
      return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, FlowResult>) : {}
    } catch {
      return {}
    }
  }

  private keepResults(results: Record<string, FlowResult>): void {
    writeAtomically(join(this.ownDir!, RESULTS), `${JSON.stringify(results, null, 2)}\n`)
  }
}

function readOnly(file: string, field = 'file'): Error {
  return codedError('FLOW_READ_ONLY', `${file} is a sample flow: it is read-only. Duplicate it to change it.`, { field })
}
