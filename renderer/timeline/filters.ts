import type { StormColumn } from '../../domain/storming/notation/storm.ts'

/** The storm's filters besides the search text: each one a value to match, or '' for all. */
export interface Filters {
  context: string
  aggregate: string
  /** One aggregate instance, by its stream ("Opportunity-o-1"), offered by its name. */
  stream: string
  /** An actor's or a policy's name. */
  issuer: string
  eventType: string
  /** A cascade, by its correlation id. */
  correlation: string
  /** A time range: from / to as ISO text ('' for open-ended). */
  since: string
  until: string
}

/** No filter. */
export const NO_FILTERS: Filters = { context: '', aggregate: '', stream: '', issuer: '', eventType: '', correlation: '', since: '', until: '' }

/** Whether a column passes every filter that is set. */
export function passes(column: StormColumn, filters: Filters): boolean {
  return (
    (filters.context === '' || column.context === filters.context) &&
    (filters.aggregate === '' || column.aggregate === filters.aggregate) &&
    (filters.stream === '' || column.stream === filters.stream) &&
    (filters.issuer === '' || column.issuer.name === filters.issuer) &&
    (filters.eventType === '' || column.events.some((e) => e.type === filters.eventType)) &&
    (filters.correlation === '' || column.correlationId === filters.correlation) &&
    (filters.since === '' || Date.parse(column.at) >= Date.parse(filters.since)) &&
    (filters.until === '' || Date.parse(column.at) <= Date.parse(filters.until))
  )
}

/** The choices of each filter, from the loaded storm: sorted names; streams by their names; cascades by their first command, in log order. */
export function filterChoices(columns: readonly StormColumn[]) {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b))
  const cascades = new Map<string, string>()
  for (const c of columns) if (!cascades.has(c.correlationId)) cascades.set(c.correlationId, `${c.command} — ${c.streamLabel} (event ${c.first})`)
  const streams = new Map<string, string>()
  for (const c of columns) if (!streams.has(c.stream)) streams.set(c.stream, `${c.streamLabel} (${c.aggregate})`)
  return {
    context: sorted(columns.map((c) => c.context)),
    stream: [...streams].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)),
    aggregate: sorted(columns.map((c) => c.aggregate)),
    issuer: sorted(columns.map((c) => c.issuer.name)),
    eventType: sorted(columns.flatMap((c) => c.events.map((e) => e.type))),
    correlation: [...cascades].map(([value, label]) => ({ value, label })),
  }
}

/**
 * The first position whose event happened at or after `at` (ISO text), by binary search over positions
 * 1…last (the log is in time order); `last + 1` when every event is earlier. `timeOf` reads one event's time.
 */
export async function firstAtOrAfter(at: string, last: number, timeOf: (position: number) => Promise<string | undefined>): Promise<number | undefined> {
  const target = Date.parse(at)
  let low = 1
  let high = last + 1
  while (low < high) {
    const mid = Math.floor((low + high) / 2)
    const time = await timeOf(mid)
    if (time === undefined) return undefined
    if (Date.parse(time) >= target) high = mid
    else low = mid + 1
  }
  return low
}
