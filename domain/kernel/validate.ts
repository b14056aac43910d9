import type { CommandSpec } from './decider.ts'
import { reject, type Rejection } from './rejection.ts'
import { describeIssue, fieldPath } from './schema-issue.ts'

/**
 * Checks a command's payload against its schema. The first problem names its field; a field with a
 * specific code in `fieldCodes` (INVALID_AMOUNT, INVALID_ORDER) gets that code, else INVALID_COMMAND.
 */
export function validateCommand(
  command: string,
  spec: CommandSpec,
  data: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; rejection: Rejection } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, rejection: reject('INVALID_COMMAND', `${command}: data must be an object`, { field: 'data' }) }
  }
  const parsed = spec.schema.safeParse(data)
  if (parsed.success) return { ok: true, data: parsed.data }
  const { field: named, problem, path } = describeIssue(parsed.error)
  const field = named || 'data'
  const top = typeof path[0] === 'string' ? path[0] : undefined
  const code = top !== undefined && spec.fieldCodes && Object.hasOwn(spec.fieldCodes, top) ? spec.fieldCodes[top] : 'INVALID_COMMAND'
  return {
    ok: false,
    rejection: reject(code, `${command}: ${field}: ${problem}`, { field, issues: parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })) }),
  }
}
