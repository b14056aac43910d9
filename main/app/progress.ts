/**
 * Progress of long work (opening a big log): a raw `(done, total)` stream throttled to what a person can
 * read, for the terminal of `npm run serve` and the Electron window's loading bar.
 */

/** Bytes as a person reads them: 812 B, 12.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`
}

/** Whole percent of `done` out of `total` (an empty total is done: 100). */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 100
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)))
}

/**
 * Passes on at most one report per `intervalMs` (and only when the percentage moved), but always the first
 * and the last (done ≥ total), so a reader never sees a bar stuck short of the end.
 */
export function throttleProgress(
  report: (done: number, total: number) => void,
  options: { intervalMs?: number; now?: () => number } = {},
): (done: number, total: number) => void {
  const intervalMs = options.intervalMs ?? 100
  const now = options.now ?? (() => performance.now())
  let lastAt = -Infinity
  let lastPercent = -1
  let finished = false
  return (done, total) => {
    if (finished) return
    const percent = percentOf(done, total)
    const end = done >= total
    const at = now()
    if (!end && (percent === lastPercent || at - lastAt < intervalMs)) return
    lastAt = at
    lastPercent = percent
    finished = end
    report(done, total)
  }
}

/** One line of the terminal's progress: "Opening workspace: 42% (12.4 MB of 29.5 MB)". */
export function progressLine(done: number, total: number): string {
  return `Opening workspace: ${percentOf(done, total)}% (${formatBytes(done)} of ${formatBytes(total)})`
}

/** Where the terminal's progress goes (process.stdout, or a test's recorder). */
export interface ProgressOutput {
  isTTY?: boolean
  write(text: string): unknown
}

/**
 * Opening progress for a terminal (`npm run serve`): on a TTY one line rewritten in place a few times a
 * second; into a file or a pipe, a line per second at most. Always ends with the 100% line.
 */
export function terminalProgress(output: ProgressOutput, options: { now?: () => number } = {}): ((done: number, total: number) => void) & { end(): void } {
  const tty = Boolean(output.isTTY)
  let open = false // a TTY line without its newline yet
  const report = throttleProgress((done, total) => {
    open = tty && done < total
    if (tty) output.write(`\r${progressLine(done, total)}${done >= total ? '\n' : ''}`)
    else output.write(`${progressLine(done, total)}\n`)
  }, { intervalMs: tty ? 100 : 1000, now: options.now })
  /** Ends a line left short of 100% (opening stopped at a damaged line, or failed), so the next message starts clean. */
  const end = () => {
    if (open) output.write('\n')
    open = false
  }
  return Object.assign(report, { end })
}
