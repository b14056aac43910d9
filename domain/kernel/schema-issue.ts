import type { z } from 'zod'

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
 * The one formatter of a schema problem: the first issue of a zod error as the field at fault (a JSON path
 * people read, `steps[3].data.amount`; an unknown key names the key itself) and what is wrong with it.
 */
export function describeIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): { field: string; problem: string; path: PropertyKey[] } {
  const issue = error.issues[0]
  let path: PropertyKey[] = [...prefix, ...issue.path]
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]]
  const problem = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message
  return { field: fieldPath(path), problem, path }
}
