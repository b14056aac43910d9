import { readFileSync } from 'node:fs'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace } from '../app/workspace.ts'
import { isCodedError, toCodedError, type CodedError } from '../../domain/kernel/index.ts'
import { runFlowText } from '../flows/run-flow-file.ts'
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
