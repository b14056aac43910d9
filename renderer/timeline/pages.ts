/** How many events the timeline reads at a time (the host answers at most 5,000). */
export const TIMELINE_PAGE = 200

/** The timeline shows newest first: row 0 is the last position. */
export function positionAt(last: number, row: number): number {
  return last - row
}

/** The page (1-based) a position is read with: page k holds positions (k−1)·PAGE+1 … k·PAGE. */
export function pageOf(position: number): number {
  return Math.ceil(position / TIMELINE_PAGE)
}

/** The first position of a page. */
export function pageStart(page: number): number {
  return (page - 1) * TIMELINE_PAGE + 1
}

/** How many events a page holds while the log ends at `last` (the newest page fills up as events come). */
export function pageLength(page: number, last: number): number {
  return Math.max(0, Math.min(last, page * TIMELINE_PAGE) - pageStart(page) + 1)
}

/**
 * The pages the visible rows `firstRow…lastRow` need, newest first, leaving out those `ready` says are
 * loaded in full (or on their way): a page read before the log grew is read again.
 */
export function pagesToLoad(last: number, firstRow: number, lastRow: number, ready: (page: number) => boolean): number[] {
  if (last === 0 || lastRow < firstRow) return []
  const newest = pageOf(positionAt(last, Math.max(0, firstRow)))
  const oldest = pageOf(Math.max(1, positionAt(last, Math.min(lastRow, last - 1))))
  const out: number[] = []
  for (let page = newest; page >= oldest; page--) if (!ready(page)) out.push(page)
  return out
}
