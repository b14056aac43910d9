import { mkdirSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** A seeded pseudo-random generator (mulberry32): the same workload on every run. */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  chance(p: number): boolean {
    return this.next() < p
  }
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * A full garbage collection, so that a timed section does not pay for the garbage of the one before
 * (a closed million-event workspace leaves ~600 MB to collect). `npm run bench` runs tsx without
 * --expose-gc, hence the V8 flag set at run time.
 */
export function collectGarbage(): void {
  gc()
  gc()
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = (): number => performance.now()

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** The q-quantile (nearest rank) of the values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]
}

/** Progress and notes go to stderr, so stdout holds the table and (with --json) the JSON line last. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

const TMPFS_MAGIC = 0x01021994
const RAMFS_MAGIC = 0x858458f6

/**
 * Makes the run's work folder under `<repo>/.bench-work/` (gitignored), refusing tmpfs/ramfs:
 * durability figures must hit the same disk the app's workspaces live on.
 */
export function makeWorkDir(repoRoot: string): string {
  const base = resolve(repoRoot, '.bench-work')
  mkdirSync(base, { recursive: true })
  const fs = statfsSync(base)
  if (fs.type === TMPFS_MAGIC || fs.type === RAMFS_MAGIC) throw new Error(`${base} is on tmpfs/ramfs: the figures need a real disk`)
  if (statSync(base).dev !== statSync(repoRoot).dev) throw new Error(`${base} is not on the same disk as ${repoRoot}`)
  const dir = join(base, `run-${process.pid}-${Date.now().toString(36)}`)
  mkdirSync(dir)
  return dir
}

/** Removes the run's folder, and .bench-work itself when nothing else is in it. */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  const base = resolve(dir, '..')
  try {
    if (readdirSync(base).length === 0) rmSync(base, { recursive: true, force: true })
  } catch {
    // already gone
  }
}

/** 1234567 → "1,234,567"; fractional numbers keep `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value)
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}

/** Renders rows as a plain-text table with aligned columns; `align` has one letter per column, l or r. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** Bytes of every file under a folder (0 when it does not exist). */
export function folderBytes(dir: string): number {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  let total = 0
  for (const entry of entries) total += entry.isDirectory() ? folderBytes(join(dir, entry.name)) : statSync(join(dir, entry.name)).size
  return total
}
