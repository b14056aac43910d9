import type { Registry } from '../app/registry.ts'
import { flowFileProblems, type Flow, type FlowProblem } from './flow-file.ts'
import { stepProblems } from './runner.ts'

/**
 * Every problem of a flow, in the engine's own words: the flow-file format first (the header, then each
 * step), then each step against the registry (a `when` step's data against its command's schema, as
 * dispatch would say it; durations, prices, queries, given events). Each names its JSON path
 * (`steps[2].data.amount`). The parsed flow when there are none.
 */
export function validateFlow(raw: unknown, registry: Registry): { flow?: Flow; problems: FlowProblem[] } {
  const format = flowFileProblems(raw)
  if (!format.flow) return format
  const problems = stepProblems(format.flow, registry)
  return problems.length > 0 ? { problems } : { flow: format.flow, problems }
}
