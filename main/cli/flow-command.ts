import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace } from '../app/workspace.ts'
import { isCodedError, toCodedError, type CodedError } from '../../domain/kernel/index.ts'
import { flowText } from '../flows/flow-file.ts'
import { runFlowText } from '../flows/run-flow-file.ts'
import { specFromLog } from '../flows/spec-from-log.ts'
import { openForQuery } from './query-command.ts'
import type { FlowReport, StepReport } from '../flows/runner.ts'

/** What `flow run` found for one file. */
type FileOutcome = { file: string } & ({ status: 'passed' | 'failed'; report: FlowReport } | { status: 'malformed'; error: CodedError & { details: Record<string, unknown> } })

const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text)

function printStep(step: StepReport, out: (line: string) => void): void {
  const mark = step.kind === 'hotspot' ? paint(35, '◆') : step.ok ? paint(32, '✓') : paint(31, '✗')
  const caused = step.rejected ? ` ⊘ ${step.rejected.code}` : step.events.length > 0 ? ` → ${step.events.map((e) => (e.policy ? `${e.type} (${e.policy})` : e.actor && step.kind !== 'command' ? `${e.type} (${e.actor})` : e.type)).join(', ')}` : step.kind === 'command' ? ' → (nothing happens)' : ''
  out(`  ${mark} ${String(step.index + 1).padStart(2)}. ${step.label}${caused}`)
  if (step.note) out(`       ${paint(2, `note: ${step.note}`)}`)
  if (!step.ok) {
    out(`       ${paint(31, step.failure ?? 'failed')}`)
    for (const line of step.differences ?? []) out(`       ${line}`)
  }
}

/** Runs one flow file in a fresh in-memory workspace, or in the given workspace folder. */
async function runFile(file: string, workspace: string | undefined, takeOver: boolean): Promise<FileOutcome> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return { file, status: 'malformed', error: { code: 'FLOW_UNREADABLE', message: `${file}: ${(error as Error).message}`, details: { field: '(file)' } } }
  }
  try {
    // The app's flows.run runs flows through the same function, with the same settings (start, wire, market).
    if (workspace) {
      const ws = await openWorkspace(workspace, { contexts, clock: new SystemClock(), takeOver })
      try {
        const facilitator = typeof ws.engine.settings.actor === 'string' ? ws.engine.settings.actor : undefined
        const report = await runFlowText(text, { contexts, into: ws.engine, facilitator })
        return { file, status: report.ok ? 'passed' : 'failed', report }
      } finally {
        await ws.close()
      }
    }
    const report = await runFlowText(text, { contexts })
    return { file, status: report.ok ? 'passed' : 'failed', report }
  } catch (error) {
    // Input too deep to handle is not a flow's mistake to report among the others: the CLI refuses it (exit 2).
    if (isCodedError(error) && error instanceof Error && error.code !== 'INPUT_TOO_DEEP') return { file, status: 'malformed', error: { ...toCodedError(error), details: error.details ?? {} } }
    throw error
  }
}

/**
 * `stormbook flow run <files…> [--workspace DIR] [--json]`: exit 0 when every flow passes, 1 on a failed
 * expectation, 2 on a malformed file (with the JSON path of the problem).
 */
export async function flowRun(files: string[], options: { workspace?: string; json: boolean; takeOver?: boolean }): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('flow run: name at least one flow file (flows/*.flow.json)\n')
    return 2
  }
  const outcomes: FileOutcome[] = []
  for (const file of files) outcomes.push(await runFile(file, options.workspace, options.takeOver ?? false))
  const passed = outcomes.filter((o) => o.status === 'passed').length
  const failed = outcomes.filter((o) => o.status === 'failed').length
  const malformed = outcomes.filter((o) => o.status === 'malformed').length
  if (options.json) {
    process.stdout.write(JSON.stringify({ passed, failed, malformed, flows: outcomes }) + '\n')
  } else {
    const out = (line: string) => process.stdout.write(line + '\n')
    for (const o of outcomes) {
      if (o.status === 'malformed') {
        out(`${paint(31, '✗ malformed')} ${o.file}`)
        out(`  ${o.error.code} at ${String(o.error.details.field ?? '(file)')}: ${o.error.message}`)
        continue
      }
      out(`${o.status === 'passed' ? paint(32, 'PASS') : paint(31, 'FAIL')} ${o.report.flow}  ${paint(2, o.file)}`)
      for (const step of o.report.steps) printStep(step, out)
      if (o.report.conflicts && o.report.conflicts.length > 0) out(`  ${paint(31, `Nothing was written: ${o.report.conflicts.join('; ')}.`)}`)
      else if (!o.report.ok && o.report.written === false && options.workspace) out(`  ${paint(31, 'Nothing was written.')}`)
    }
    out('')
    out(`flows: ${passed} passed, ${failed + malformed} failed${malformed ? ` (${malformed} malformed)` : ''}`)
  }
  return malformed > 0 ? 2 : failed > 0 ? 1 : 0
}

/** Options of `stormbook flow from-log`. */
export interface FromLogOptions {
  position?: string | true
  out?: string | true
  json: boolean
}

/** Codes of a spec the log cannot give (exit 1): the command is there, but cannot be replayed. */
const CANNOT_REPLAY = new Set(['SPEC_NO_INPUT', 'SPEC_NOT_A_COMMAND', 'SPEC_POLICY_ONLY', 'SPEC_UNKNOWN_COMMAND'])

/**
 * `stormbook flow from-log <workspace> --position N [--out FILE] [--json]`: "Make a spec" on the command
 * line: the root command at (or causing) position N as a given / when / then flow, printed or written to
 * FILE (whole or not at all). The workspace is opened read-only while another Stormbook holds it. Exit 0
 * done; 1 the command cannot be replayed (SPEC_NO_INPUT…); 2 bad input (usage, a position past the log,
 * a missing workspace).
 */
export async function flowFromLog(args: string[], options: FromLogOptions): Promise<number> {
  const fail = (error: CodedError): number => {
    if (options.json) process.stdout.write(JSON.stringify({ ok: false, error: { details: {}, ...error } }) + '\n')
    else process.stderr.write(`stormbook: ${error.code}: ${error.message}\n`)
    return CANNOT_REPLAY.has(error.code) ? 1 : error.code === 'INTERNAL' ? 70 : 2
  }
  const [dir, extra] = args
  if (!dir) return fail({ code: 'USAGE', message: 'flow from-log: stormbook flow from-log <workspace> --position N [--out FILE]', details: { field: 'workspace' } })
  if (extra !== undefined) return fail({ code: 'USAGE', message: `flow from-log: unexpected argument "${extra}"`, details: { field: 'arguments' } })
  const position = typeof options.position === 'string' && /^\d+$/.test(options.position) ? Number(options.position) : Number.NaN
  if (!Number.isSafeInteger(position) || position < 1) {
    return fail({ code: 'USAGE', message: `--position needs a log position (1 or more)${typeof options.position === 'string' ? `, not "${options.position}"` : ''}.`, details: { field: 'position' } })
  }
  if (options.out === true) return fail({ code: 'USAGE', message: '--out needs a file name.', details: { field: 'out' } })
  let workspace
  try {
    workspace = await openForQuery(resolve(dir))
  } catch (error) {
    return fail(toCodedError(error))
  }
  try {
    const spec = specFromLog(workspace.engine, position)
    const text = flowText(spec.flow)
    if (options.out) {
      writeFileSync(`${options.out}.tmp`, text)
      renameSync(`${options.out}.tmp`, options.out)
    }
    if (options.json) process.stdout.write(JSON.stringify({ ok: true, file: spec.file, ...(options.out ? { out: options.out } : {}), flow: spec.flow }) + '\n')
    else if (options.out) process.stderr.write(`Wrote the spec "${spec.flow.flow}" to ${options.out} (${spec.flow.steps.length} steps).\n`)
    else process.stdout.write(text)
    return 0
  } catch (error) {
    return fail(toCodedError(error))
  } finally {
    await workspace.close()
  }
}
