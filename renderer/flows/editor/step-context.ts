import type { CommandInfo } from '../../workspace/flows.ts'
import type { RawStep } from '../draft.ts'
import type { Claims } from './claims.ts'

/** What a step's fields are drawn with: the step, its path, the problems to hand out, and how to change it. */
export interface StepContext {
  step: RawStep
  /** `steps[3]`. */
  path: string
  claims: Claims
  commands: readonly CommandInfo[]
  readOnly: boolean
  update(change: (step: RawStep) => RawStep): void
}

/** The step with `key` set to `value` (left out when undefined). */
export function withField(step: RawStep, key: string, value: unknown): RawStep {
  const { [key]: _old, ...rest } = step
  return value === undefined ? rest : { ...rest, [key]: value }
}

/** An object (data, expect) of the step, or an empty one. */
export function objectAt(step: RawStep, key: string): Record<string, unknown> {
  const value = step[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}
