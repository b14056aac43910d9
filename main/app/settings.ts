import { z } from 'zod'
import { codedError, describeIssue } from '../../domain/kernel/index.ts'
import type { Registry } from './registry.ts'

/** Settings of the app itself, beside the contexts' own: the name commands are sent under. */
export const appSettingsSchema = z.object({
  actor: z.string().min(1).max(200).optional(),
})

/** How deep a setting's value may nest (objects and arrays). */
export const SETTINGS_MAX_DEPTH = 16
/** How many values (of any kind, nested ones counted) the settings may hold in all. */
export const SETTINGS_MAX_VALUES = 10_000
/** The longest text a setting may hold. */
export const SETTINGS_MAX_TEXT = 10_000

function refuse(field: string, problem: string): never {
  throw codedError('SETTINGS_INVALID', `${field}: ${problem}`, { field })
}

/**
 * Checks a settings value's shape without recursion (a 20,000-deep value is refused, not a stack
 * overflow): a plain object of JSON values, at most SETTINGS_MAX_DEPTH deep, SETTINGS_MAX_VALUES values
 * and SETTINGS_MAX_TEXT characters per text. Throws SETTINGS_INVALID naming the field.
 */
export function checkSettingsLimits(raw: unknown): asserts raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse('settings', 'expected an object')
  const stack: Array<{ value: unknown; field: string; depth: number }> = [{ value: raw, field: 'settings', depth: 0 }]
  let count = 0
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop()!
    if (++count > SETTINGS_MAX_VALUES) refuse('settings', `more than ${SETTINGS_MAX_VALUES} values`)
    if (value === null || value === undefined || typeof value === 'boolean') continue
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refuse(field, 'not a finite number')
      continue
    }
    if (typeof value === 'string') {
      if (value.length > SETTINGS_MAX_TEXT) refuse(field, `longer than ${SETTINGS_MAX_TEXT} characters`)
      continue
    }
    if (typeof value !== 'object') refuse(field, `a ${typeof value} is not a setting`)
    if (depth >= SETTINGS_MAX_DEPTH) refuse(field, `nested more than ${SETTINGS_MAX_DEPTH} levels deep`)
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, field: `${field}[${i}]`, depth: depth + 1 }))
      continue
    }
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) refuse(field, 'not a plain object')
    for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], field: `${field}.${key}`, depth: depth + 1 })
  }
}

/** The keys any registered context (or the app) defines; undefined when a context's settings are not an object schema. */
function knownKeys(registry: Registry): Set<string> | undefined {
  const keys = new Set(Object.keys(appSettingsSchema.shape))
  for (const context of registry.contexts) {
    if (!context.settings) continue
    const shape = (context.settings as { shape?: Record<string, unknown> }).shape
    if (!shape || typeof shape !== 'object') return undefined
    for (const key of Object.keys(shape)) keys.add(key)
  }
  return keys
}

/**
 * Validates a whole settings object before anything changes: limits, unknown keys, the app's own settings
 * and every context's. Returns the merged settings (defaults filled in); throws SETTINGS_INVALID naming
 * the field.
 */
export function validateSettings(registry: Registry, raw: unknown): Record<string, unknown> {
  checkSettingsLimits(raw)
  const known = knownKeys(registry)
  if (known) {
    const unknown = Object.keys(raw).find((key) => !known.has(key))
    if (unknown !== undefined) refuse(`settings.${unknown}`, `unknown setting (settings are ${[...known].sort().join(', ')})`)
  }
  const app = appSettingsSchema.safeParse(raw)
  if (!app.success) {
    const { field, problem } = describeIssue(app.error, ['settings'])
    refuse(field, problem)
  }
  return registry.settings(raw)
}

/** Setting names no context (nor the app) defines, each as a SETTINGS_INVALID problem naming it. */
export function unknownSettings(registry: Registry, raw: Record<string, unknown>): Array<{ code: string; message: string; details: Record<string, unknown> }> {
  const known = knownKeys(registry)
  if (!known) return []
  return Object.keys(raw)
    .filter((key) => !known.has(key))
    .map((key) => ({ code: 'SETTINGS_INVALID', message: `settings.${key}: unknown setting, ignored`, details: { field: `settings.${key}` } }))
}

/**
 * Settings for a read-only open: a bad setting falls back to its default instead of refusing the open.
 * Returns the settings and each problem found (SETTINGS_INVALID naming the field).
 */
export function tolerantSettings(registry: Registry, raw: unknown): { settings: Record<string, unknown>; problems: Array<{ code: string; message: string; details: Record<string, unknown> }> } {
  const problems: Array<{ code: string; message: string; details: Record<string, unknown> }> = []
  let current: Record<string, unknown> = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {}
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return { settings: validateSettings(registry, current), problems }
    } catch (error) {
      const e = error as { code: string; message: string; details: Record<string, unknown> }
      problems.push({ code: e.code, message: e.message, details: e.details })
      const field = String(e.details.field ?? '')
      const key = /^settings\.([^.[]+)/.exec(field)?.[1]
      if (key === undefined || !(key in current)) break
      delete current[key]
    }
  }
  current = {}
  return { settings: registry.settings(current), problems }
}
