import { z } from 'zod'
import { codedError, describeIssue, toCodedError } from '../../domain/kernel/index.ts'
import { parseInstant } from '../app/clock.ts'

const expectedEvent = z.union([z.string().min(1), z.strictObject({ type: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() })])

const commandStep = z.strictObject({
  actor: z.string().min(1).optional(),
  aggregate: z.string().min(1).optional(),
  command: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  commandId: z.string().min(1).optional(),
  note: z.string().optional(),
  expect: z
    .strictObject({
      events: z.array(expectedEvent).optional(),
      only: z.boolean().optional(),
      rejected: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a rejection code in UPPER_SNAKE').optional(),
    })
    .refine((e) => !(e.rejected && e.events && e.events.length > 0), 'expect either events or rejected, not both')
    .optional(),
})

/** What an advance or market step may expect: the events the external systems answer with. */
const reactionExpect = z.strictObject({ events: z.array(expectedEvent).optional(), only: z.boolean().optional() }).optional()

const advanceStep = z.strictObject({ advance: z.string().min(2), note: z.string().optional(), expect: reactionExpect })

const marketStep = z.strictObject({
  market: z.record(z.string(), z.string()),
  note: z.string().optional(),
  expect: reactionExpect,
})

const queryStep = z.strictObject({
  query: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  asOf: z.number().int().min(0).optional(),
  note: z.string().optional(),
  expect: z.strictObject({ result: z.unknown() }),
})

const hotspotStep = z.strictObject({ hotspot: z.string().min(1).max(500), note: z.string().optional() })

/** Whether a text is an ISO-8601 instant a clock can show (years 0000–9999). */
function isInstant(text: string): boolean {
  try {
    parseInstant(text)
    return true
  } catch {
    return false
  }
}

/**
 * One seeded event of a `given` step: written as it is, without the command that made it; `at` is when
 * it happened (default: the flow's clock at the step), so ages (stale days, an order's expiry) reproduce.
 */
const givenEvent = z.strictObject({
  stream: z.string().min(1).max(500),
  type: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
  actor: z.string().min(1).max(200).optional(),
  at: z.string().refine(isInstant, 'not an ISO-8601 instant such as 2027-01-04T09:00:00Z').optional(),
})

const givenStep = z.strictObject({ given: z.array(givenEvent).min(1, 'a given step seeds at least one event'), note: z.string().optional() })

/** One step of a flow: a command, a clock move, a market move, a query, a hotspot, or seeded (given) events. */
export type FlowStep =
  | ({ kind: 'command' } & z.infer<typeof commandStep>)
  | ({ kind: 'advance' } & z.infer<typeof advanceStep>)
  | ({ kind: 'market' } & z.infer<typeof marketStep>)
  | ({ kind: 'query' } & z.infer<typeof queryStep>)
  | ({ kind: 'hotspot' } & z.infer<typeof hotspotStep>)
  | ({ kind: 'given' } & z.infer<typeof givenStep>)

/** One event a `given` step seeds. */
export type GivenEvent = z.infer<typeof givenEvent>

/** A flow file (`*.flow.json`): an executable scenario, as DOMAIN.md's flow format says. */
export interface Flow {
  flow: string
  description?: string
  start?: string
  wire: 'auto' | 'manual'
  steps: FlowStep[]
}

const header = z.strictObject({
  flow: z.string().min(1),
  description: z.string().optional(),
  start: z.string().optional(),
  wire: z.enum(['auto', 'manual']).default('auto'),
  steps: z.array(z.unknown()).min(1, 'a flow needs at least one step'),
})

function malformed(path: string, message: string): Error {
  return codedError('FLOW_INVALID', `${path}: ${message}`, { field: path })
}

function check<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const { field: inner, problem } = describeIssue(parsed.error)
  const full = inner === '' ? prefix : prefix === '' ? inner : inner.startsWith('[') ? prefix + inner : `${prefix}.${inner}`
  throw malformed(full || '(file)', problem)
}

const kinds = [
  ['command', commandStep],
  ['advance', advanceStep],
  ['market', marketStep],
  ['query', queryStep],
  ['hotspot', hotspotStep],
  ['given', givenStep],
] as const

/** How deep a flow's JSON may nest (an expectation thousands deep is refused before anything compares it). */
export const FLOW_MAX_DEPTH = 100

/** Refuses a value nested deeper than FLOW_MAX_DEPTH with INPUT_TOO_DEEP, without recursion. */
function checkDepth(raw: unknown): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: raw, depth: 0 }]
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth >= FLOW_MAX_DEPTH) throw codedError('INPUT_TOO_DEEP', `The input is nested too deeply to handle (more than ${FLOW_MAX_DEPTH} levels).`, { field: '(file)' })
    for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 })
  }
}

/** One step of a flow file checked alone (FLOW_INVALID with the JSON path `steps[i]…` when it is malformed). */
function parseStep(step: unknown, i: number): FlowStep {
  const at = `steps[${i}]`
  if (typeof step !== 'object' || step === null || Array.isArray(step)) throw malformed(at, 'a step is an object')
  const present = kinds.filter(([key]) => key in step)
  if (present.length !== 1) {
    throw malformed(at, present.length === 0 ? 'a step needs one of command, advance, market, query, hotspot, given' : `a step has one kind, not ${present.map(([k]) => k).join(' and ')}`)
  }
  const [kind, schema] = present[0]
  return { kind, ...(check(schema as z.ZodType<Record<string, unknown>>, step, at) as object) } as FlowStep
}

/** The header of a flow file checked (depth, fields, start): its steps still unchecked. */
function parseHeader(raw: unknown): z.infer<typeof header> {
  checkDepth(raw)
  const top = check(header, raw, '')
  if (top.start !== undefined) {
    try {
      parseInstant(top.start)
    } catch {
      throw malformed('start', `"${top.start}" is not an ISO-8601 instant such as 2027-01-04T09:00:00Z`)
    }
  }
  return top
}

/** A flow file's JSON value (already parsed) checked as `parseFlow` checks its text. */
export function parseFlowValue(raw: unknown): Flow {
  const top = parseHeader(raw)
  const steps = top.steps.map(parseStep)
  return { flow: top.flow, description: top.description, start: top.start, wire: top.wire, steps }
}

/** One problem of a flow file: the JSON path at fault, the engine's code and its words. */
export interface FlowProblem {
  field: string
  code: string
  message: string
}

/** A coded error as a flow problem (its field, or the whole file). */
export function problemOf(error: unknown): FlowProblem {
  const coded = toCodedError(error)
  return { field: typeof coded.details?.field === 'string' ? coded.details.field : '(file)', code: coded.code, message: coded.message }
}

/**
 * Every problem of a flow file's value, not only the first: the header's (then nothing else is looked
 * at), else one per malformed step. The flow when there are none.
 */
export function flowFileProblems(raw: unknown): { flow?: Flow; problems: FlowProblem[] } {
  let top
  try {
    top = parseHeader(raw)
  } catch (error) {
    return { problems: [problemOf(error)] }
  }
  const problems: FlowProblem[] = []
  const steps: FlowStep[] = []
  top.steps.forEach((step, i) => {
    try {
      steps.push(parseStep(step, i))
    } catch (error) {
      problems.push(problemOf(error))
    }
  })
  if (problems.length > 0) return { problems }
  return { flow: { flow: top.flow, description: top.description, start: top.start, wire: top.wire, steps }, problems }
}

/**
 * Reads a flow from its JSON text. Anything malformed is refused with FLOW_INVALID and the JSON path of
 * the problem (`steps[3].expect.rejected`); JSON syntax errors say where.
 */
export function parseFlow(text: string): Flow {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw malformed('(file)', `not JSON: ${(error as Error).message}`)
  }
  return parseFlowValue(raw)
}

/** One step as a flow file writes it (the `kind` is the key it has). */
export type FlowStepDocument = FlowStep extends infer S ? (S extends FlowStep ? Omit<S, 'kind'> : never) : never

/** A command step as a flow file writes it. */
export type CommandStepDocument = Omit<Extract<FlowStep, { kind: 'command' }>, 'kind'>

/** A flow as its file holds it (JSON): what `flows.read` answers and `flows.save` takes. */
export interface FlowDocument {
  flow: string
  description?: string
  start?: string
  wire?: 'auto' | 'manual'
  steps: FlowStepDocument[]
}

/** A parsed flow back in its file's shape (no `kind`; fields left undefined dropped, `wire` only when manual). */
export function flowDocument(flow: Flow): FlowDocument {
  const steps = flow.steps.map(({ kind: _kind, ...rest }) => JSON.parse(JSON.stringify(rest)) as FlowStepDocument)
  return JSON.parse(JSON.stringify({ flow: flow.flow, description: flow.description, start: flow.start, wire: flow.wire === 'manual' ? 'manual' : undefined, steps })) as FlowDocument
}

/** A flow file's text as Stormbook writes it: two-space JSON, one trailing newline. */
export function flowText(flow: FlowDocument): string {
  return `${JSON.stringify(flow, null, 2)}\n`
}
