/**
 * The one way screens write dates and moments: ISO-like and in the user's local time, so a close date
 * ("2027-06-30") and a moment ("2027-06-30 14:05") read alike everywhere.
 */

const pad = (n: number) => String(n).padStart(2, '0')

/** A moment's local day, "2027-06-30". */
export function localDay(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/** A moment's local time of day, "14:05" (or "14:05:09" with seconds). */
export function localTime(at: Date, seconds = false): string {
  return `${pad(at.getHours())}:${pad(at.getMinutes())}${seconds ? `:${pad(at.getSeconds())}` : ''}`
}

/** When something happened, "2027-06-30 14:05" in local time; text that is not an instant comes back as it is. */
export function formatMoment(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : `${localDay(at)} ${localTime(at)}`
}

/** The local day something happened on, "2027-06-30"; text that is not an instant comes back as it is. */
export function formatDay(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : localDay(at)
}
