import { DateTime, Duration } from 'luxon'
import type { Clock } from '../../domain/kernel/index.ts'
import { StormbookError } from '../store/errors.ts'

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
    throw new StormbookError('INVALID_DURATION', `${field}: "${String(text)}" is not an ISO-8601 duration such as P3D or PT2H`, { field })
  }
  return duration
}

/** Parses an ISO-8601 instant; refuses anything else with INVALID_TIME. */
export function parseInstant(text: string, field = 'start'): DateTime {
  const instant = typeof text === 'string' ? DateTime.fromISO(text, { zone: 'utc' }) : DateTime.invalid('not text')
  if (!instant.isValid) throw new StormbookError('INVALID_TIME', `${field}: "${String(text)}" is not an ISO-8601 instant such as 2027-01-04T09:00:00Z`, { field })
  return instant
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

  /** Moves the clock on by an ISO-8601 duration. */
  advance(duration: string): void {
    this.instant = this.instant.plus(parseDuration(duration))
  }
}
