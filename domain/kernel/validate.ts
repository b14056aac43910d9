import type { CommandSpec } from './decider.ts'
import { reject, type Rejection } from './rejection.ts'

/** JSON path of a field as people read it: `steps[3].data.amount`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else text += text === '' ? String(key) : `.${String(key)}`
  }
  return text
}

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
  const issue = parsed.error.issues[0]
  let path = issue.path
  // An unknown key is reported on the object; name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]]
  const field = fieldPath(path) || 'data'
  const top = typeof path[0] === 'string' ? path[0] : undefined
  const code = top !== undefined && spec.fieldCodes && Object.hasOwn(spec.fieldCodes, top) ? spec.fieldCodes[top] : 'INVALID_COMMAND'
  const what = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message
  return {
    ok: false,
    rejection: reject(code, `${command}: ${field}: ${what}`, { field, issues: parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })) }),
  }
}
