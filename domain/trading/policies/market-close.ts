import { DateTime } from 'luxon'

/**
 * The simulated market closes at 16:00 New York time on weekdays, as the New York exchanges do: 21:00 UTC
 * in winter, 20:00 UTC in summer (luxon follows daylight saving through the IANA zone). Exchange holidays
 * are not modelled: on them the market closes as on any weekday.
 */
const MARKET_ZONE = 'America/New_York'
const MARKET_CLOSE_HOUR = 16

/** The first market close strictly after an instant: when a day order placed then expires. */
export function nextMarketClose(instant: string): string {
  const t = DateTime.fromISO(instant, { zone: MARKET_ZONE })
  if (!t.isValid) throw new Error(`bug: nextMarketClose of an invalid instant ${instant}`)
  let close = t.set({ hour: MARKET_CLOSE_HOUR, minute: 0, second: 0, millisecond: 0 })
  if (close <= t) close = close.plus({ days: 1 })
  while (close.weekday > 5) close = close.plus({ days: 1 })
  return close.toUTC().toISO()!
}

/** Whether a day order placed at `placedAt` has expired by `now`. */
export function dayOrderExpired(placedAt: string, now: string): boolean {
  return Date.parse(nextMarketClose(placedAt)) <= Date.parse(now)
}
