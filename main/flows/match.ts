import { isDecimalText, sameAmount } from '../../domain/kernel/index.ts'
import type { EventEnvelope } from '../../domain/kernel/index.ts'

/**
 * Does `actual` contain `expected`? Objects match by subset, arrays when the listed items appear in
 * that order (others may come between), decimal strings (and numbers) by numeric value.
 */
export function matchesSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    if (isNumeric(expected) && isNumeric(actual)) return sameAmount(String(expected), String(actual))
    return Object.is(expected, actual)
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false
    let at = 0
    for (const item of expected) {
      while (at < actual.length && !matchesSubset(item, actual[at])) at++
      if (at === actual.length) return false
      at++
    }
    return true
  }
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false
  return Object.entries(expected).every(([key, value]) => key in actual && matchesSubset(value, (actual as Record<string, unknown>)[key]))
}

function isNumeric(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || isDecimalText(value)
}

/** An expected event: a type, or a type with a subset of its data. */
export type ExpectedEvent = string | { type: string; data?: Record<string, unknown> }

function eventMatches(expected: ExpectedEvent, actual: EventEnvelope): boolean {
  if (typeof expected === 'string') return actual.type === expected
  return actual.type === expected.type && (expected.data === undefined || matchesSubset(expected.data, actual.data))
}

/**
 * Checks a step's events: the expected ones in this order with others between, or exactly these
 * (`only`). Returns undefined when they match, else what went wrong.
 */
export function checkEvents(expected: readonly ExpectedEvent[], actual: readonly EventEnvelope[], only: boolean): string | undefined {
  if (only) {
    if (expected.length !== actual.length) return `expected exactly ${expected.length} event(s), got ${actual.length}`
    const bad = expected.findIndex((e, i) => !eventMatches(e, actual[i]))
    return bad < 0 ? undefined : `event ${bad + 1} does not match`
  }
  let at = 0
  for (const e of expected) {
    while (at < actual.length && !eventMatches(e, actual[at])) at++
    if (at === actual.length) return `no ${typeof e === 'string' ? e : e.type}${typeof e === 'string' || !e.data ? '' : ' with ' + JSON.stringify(e.data)} in order among the events`
    at++
  }
  return undefined
}
