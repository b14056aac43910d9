import { DateTime, Duration } from 'luxon'
import { codedError, type Clock } from '../../domain/kernel/index.ts'

/** The host's clock: the app's source of time. */
export class SystemClock implements Clock {
  now(): string {
    return new Date().toISOString()
  }
}

/** Parses an ISO-8601 duration ("P3D", "PT2H30M"); refuses anything else with INVALID_DURATION. */
export function parseDuration(text: string, field = 'advance'): Duration {
  const duration = typeof text === 'string' ? Duration.fromISO(text) : Duration.invalid('not text')
  if (!duration.isValid || duration.toMillis() < 0) {
    throw codedError('INVALID_DURATION', `${field}: "${String(text)}" is not an ISO-8601 duration such as P3D or PT2H`, { field })
  }
  return duration
}

/** Parses an ISO-8601 instant; refuses anything else with INVALID_TIME. */
export function parseInstant(text: string, field = 'start'): DateTime {
  const instant = typeof text === 'string' ? DateTime.fromISO(text, { zone: 'utc' }) : DateTime.invalid('not text')
  if (!instant.isValid) throw codedError('INVALID_TIME', `${field}: "${String(text)}" is not an ISO-8601 instant such as 2027-01-04T09:00:00Z`, { field })
  checkInRange(instant, field)
  return instant
}

/** The last instant a clock may show: ISO-8601 text (and the log's `at`) has four-digit years. */
export const LAST_INSTANT = DateTime.fromISO('9999-12-31T23:59:59.999Z', { zone: 'utc' })
const FIRST_INSTANT = DateTime.fromISO('0000-01-01T00:00:00.000Z', { zone: 'utc' })

/** Refuses an instant outside years 0000–9999 with CLOCK_OUT_OF_RANGE (it has no ISO-8601 text to stamp events with). */
function checkInRange(instant: DateTime, field: string): void {
  if (instant > LAST_INSTANT || instant < FIRST_INSTANT) {
    throw codedError('CLOCK_OUT_OF_RANGE', `${field}: the clock would stand outside the years 0000–9999 (${instant.year}); events could not be stamped.`, { field, year: instant.year })
  }
}

/** A clock that moves only when told: flows, replays and tests. */
export class SimulatedClock implements Clock {
  private instant: DateTime

  constructor(start: string) {
    this.instant = parseInstant(start)
  }

  now(): string {
    return this.instant.toUTC().toISO({ suppressMilliseconds: false }) as string
  }

  /** Moves the clock on by an ISO-8601 duration; past year 9999 is refused with CLOCK_OUT_OF_RANGE and the clock stays. */
  advance(duration: string, field = 'advance'): void {
    const next = this.instant.plus(parseDuration(duration, field))
    if (!next.isValid) throw codedError('CLOCK_OUT_OF_RANGE', `${field}: the clock cannot move on by ${duration}.`, { field })
    checkInRange(next, field)
    this.instant = next
  }
}
