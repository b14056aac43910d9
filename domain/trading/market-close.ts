/**
 * The simulated market closes at 21:00 UTC on weekdays: 16:00 in New York in winter (EST). Without a
 * time-zone library the close does not follow daylight saving (in summer it falls at 17:00 New York),
 * and holidays are not modelled.
 */
export const MARKET_CLOSE_UTC_HOUR = 21

const DAY = 86_400_000

/** The first market close strictly after an instant: when a day order placed then expires. */
export function nextMarketClose(instant: string): string {
  const t = Date.parse(instant)
  const d = new Date(t)
  let close = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), MARKET_CLOSE_UTC_HOUR)
  if (close <= t) close += DAY
  while (new Date(close).getUTCDay() === 0 || new Date(close).getUTCDay() === 6) close += DAY
  return new Date(close).toISOString()
}

/** Whether a day order placed at `placedAt` has expired by `now`. */
export function dayOrderExpired(placedAt: string, now: string): boolean {
  return Date.parse(nextMarketClose(placedAt)) <= Date.parse(now)
}
