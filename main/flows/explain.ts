import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { matchesSubset, type ExpectedEvent } from './match.ts'

// What a failed expectation differs in, field by field, in words: the CLI prints these lines and the
// Flows screen shows them, so both say the same.

/** A value as a person reads it in a difference: text as it is, others as JSON. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return value
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 119)}…` : text
}

/**
 * Where `actual` does not contain `expected` (the subset rule of match.ts), one line per field:
 * "data.amount: expected 1009.99, got 1010.00"; "cash: expected 500, got nothing".
 */
export function differences(expected: unknown, actual: unknown, path: string): string[] {
  if (matchesSubset(expected, actual)) return []
  const at = path === '' ? 'the result' : path
  if (expected === null || typeof expected !== 'object') return [`${at}: expected ${shown(expected)}, got ${shown(actual)}`]
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list, got ${shown(actual)}`]
    const out: string[] = []
    let from = 0
    for (const item of expected) {
      const found = actual.findIndex((a, i) => i >= from && matchesSubset(item, a))
      if (found >= 0) {
        from = found + 1
        continue
      }
      // The nearest remaining item: the one with the fewest differing fields.
      let best: { index: number; lines: string[] } | undefined
      for (let i = from; i < actual.length; i++) {
        const lines = differences(item, actual[i], `${path}[${i}]`)
        if (best === undefined || lines.length < best.lines.length) best = { index: i, lines }
      }
      if (best === undefined) out.push(`${at}: expected an item ${shown(item)} after item ${from}, there is none (${actual.length} item(s))`)
      else out.push(...best.lines)
    }
    return out
  }
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${at}: expected ${shown(expected)}, got ${shown(actual)}`]
  const out: string[] = []
  for (const [key, value] of Object.entries(expected)) {
    const field = path === '' ? key : `${path}.${key}`
    const present = Object.hasOwn(actual, key)
    const got = present ? (actual as Record<string, unknown>)[key] : undefined
    if (!present) out.push(`${field}: expected ${shown(value)}, got nothing`)
    else out.push(...differences(value, got, field))
  }
  return out
}

const typeOf = (e: ExpectedEvent) => (typeof e === 'string' ? e : e.type)

function eventMatches(expected: ExpectedEvent, actual: EventEnvelope | { type: string; data: Record<string, unknown> }): boolean {
  if (typeof expected === 'string') return actual.type === expected
  return actual.type === expected.type && (expected.data === undefined || matchesSubset(expected.data, actual.data))
}

/**
 * A step's events against its expectation, in words: "events: expected FundsDebited after OrderPlaced,
 * it did not come"; "events: FundsDebited data.amount: expected 1009.99, got 1010.00"; with `only`,
 * "events: expected exactly OrderPlaced, FundsDebited; got OrderPlaced, FundsDebited, FundsSent".
 */
export function eventDifferences(expected: readonly ExpectedEvent[], actual: ReadonlyArray<{ type: string; data: Record<string, unknown> }>, only: boolean): string[] {
  const names = (list: ReadonlyArray<{ type: string } | ExpectedEvent>) => (list.length === 0 ? 'nothing' : list.map((e) => (typeof e === 'string' ? e : e.type)).join(', '))
  if (only) {
    const out: string[] = []
    if (expected.length !== actual.length) out.push(`events: expected exactly ${names(expected)}; got ${names(actual)}`)
    expected.forEach((e, i) => {
      const a = actual[i]
      if (a === undefined || eventMatches(e, a)) return
      if (a.type !== typeOf(e)) out.push(`events[${i}]: expected ${typeOf(e)}, got ${a.type}`)
      else if (typeof e !== 'string') out.push(...differences(e.data, a.data, 'data').map((line) => `events[${i}] ${a.type} ${line}`))
    })
    return out
  }
  const out: string[] = []
  let from = 0
  let previous: string | undefined
  for (const e of expected) {
    const found = actual.findIndex((a, i) => i >= from && eventMatches(e, a))
    if (found >= 0) {
      from = found + 1
      previous = typeOf(e)
      continue
    }
    const sameType = actual.findIndex((a, i) => i >= from && a.type === typeOf(e))
    const after = previous ? ` after ${previous}` : ''
    if (sameType >= 0 && typeof e !== 'string' && e.data !== undefined) {
      out.push(...differences(e.data, actual[sameType].data, 'data').map((line) => `events: ${typeOf(e)} ${line}`))
      from = sameType + 1
      previous = typeOf(e)
    } else if (actual.some((a) => eventMatches(e, a))) {
      out.push(`events: expected ${typeOf(e)}${after}, it came before it`)
    } else {
      out.push(`events: expected ${typeOf(e)}${after}, it did not come (got ${names(actual)})`)
    }
  }
  return out
}
