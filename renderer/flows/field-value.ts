import { parseAmount } from '../workspace/amount.ts'
import type { CommandField } from '../workspace/flows.ts'

/**
 * What a form field's text becomes in a command's data, by the field's type: a decimal as its canonical
 * string ("12,000.50" → "12000.50"), an integer or number as a number, JSON for objects and arrays. Text
 * that does not read as its type is passed on as typed, so the engine's own validation names the problem
 * at the field; empty text leaves the field out (`undefined`).
 */
export function fieldValue(field: CommandField, text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '' && field.type !== 'string') return undefined
  switch (field.type) {
    case 'decimal': {
      const negative = trimmed.startsWith('-')
      const parsed = parseAmount(negative ? trimmed.slice(1) : trimmed)
      return parsed.ok ? `${negative ? '-' : ''}${parsed.value}` : text
    }
    case 'integer':
      return /^-?\d{1,3}(,\d{3})*$|^-?\d+$/.test(trimmed) ? Number(trimmed.replace(/,/g, '')) : text
    case 'number': {
      const n = Number(trimmed.replace(/,/g, ''))
      return Number.isFinite(n) ? n : text
    }
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : text
    case 'object':
    case 'array':
      try {
        return JSON.parse(trimmed)
      } catch {
        return text
      }
    default:
      return text === '' ? undefined : text
  }
}

/** The text a form field shows for a value of the command's data. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}

/** JSON text for a free-form value (expected data, given data, query params), or `undefined` when empty. */
export function jsonValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` }
  }
}
