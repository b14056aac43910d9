/** The only source of time for the domain: the host's clock in the app, a simulated one in flows. */
export interface Clock {
  /** Current instant as ISO-8601 UTC text ("2027-01-04T09:00:00.000Z"). */
  now(): string
}

/** The calendar date (UTC) of an ISO instant: "2027-01-04T09:00:00.000Z" → "2027-01-04". */
export function dateOf(instant: string): string {
  return instant.slice(0, 10)
}

/** Whole days from one ISO instant or date to another (may be negative). */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000
}
