import type { FlowFile, FlowProblem } from '../workspace/flows.ts'

/** The kinds of step a flow file has, each named by the key that holds it. */
export const STEP_KINDS = ['command', 'given', 'advance', 'market', 'hotspot', 'query'] as const

/** One kind of step. */
export type StepKind = (typeof STEP_KINDS)[number]

/** A step as it is in the file (`{command, actor, data, expect}`, `{advance}`, …). */
export type RawStep = Record<string, unknown>

/** What a person calls each kind of step in the form. */
export const KIND_LABELS: Record<StepKind, string> = {
  command: 'When: a command',
  given: 'Given: seeded events',
  advance: 'Advance the clock',
  market: 'Market prices',
  hotspot: 'Hotspot (a question)',
  query: 'Query (a read model)',
}

/** Which kind a step is (the first kind key it holds; the engine refuses a step with two). */
export function stepKind(step: RawStep): StepKind {
  return STEP_KINDS.find((k) => k in step) ?? 'command'
}

/** A new step of a kind, with what the form needs to show its fields. */
export function blankStep(kind: StepKind, actor: string): RawStep {
  switch (kind) {
    case 'command':
      return { actor, command: '', data: {} }
    case 'given':
      return { given: [{ stream: '', type: '', data: {} }] }
    case 'advance':
      return { advance: 'P1D' }
    case 'market':
      return { market: { ACME: '100.00' } }
    case 'hotspot':
      return { hotspot: '' }
    case 'query':
      return { query: '', expect: { result: [] } }
  }
}

/** A new, empty flow for the form. */
export function blankFlow(actor: string): FlowFile {
  return { flow: 'A new flow', steps: [blankStep('command', actor)] }
}

/** The list with item `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list]
  const out = [...list]
  ;[out[index], out[to]] = [out[to], out[index]]
  return out
}

/**
 * A flow read from the host as the form edits it: the file's own shape, without what parsing adds (a
 * step's `kind`, fields left undefined, the default wire).
 */
export function editable(flow: FlowFile | (FlowFile & { steps: Array<Record<string, unknown>> })): FlowFile {
  const drop = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
  const { flow: name, description, start, wire, steps } = flow
  return drop({
    flow: name,
    description,
    start,
    wire: wire === 'auto' ? undefined : wire,
    steps: steps.map((step) => {
      const { kind: _kind, ...rest } = step as RawStep & { kind?: unknown }
      return drop(rest)
    }),
  }) as unknown as FlowFile
}

/** The engine's message without the JSON path it starts with ("steps[1].data.amount: …" → "…"). */
export function plainMessage(problem: FlowProblem): string {
  const prefix = `${problem.field}: `
  return problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message
}

/** The problems by JSON path, so each field finds its own. */
export function problemsByField(problems: readonly FlowProblem[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const problem of problems) out.set(problem.field, [...(out.get(problem.field) ?? []), plainMessage(problem)])
  return out
}

/**
 * The problems no field of the form shows (`shown` holds the paths the form drew), said where they
 * belong: at the step whose path they start with, else at the top of the form.
 */
export function unplacedProblems(problems: readonly FlowProblem[], shown: ReadonlySet<string>): FlowProblem[] {
  return problems.filter((p) => !shown.has(p.field))
}
