import { createHash, randomUUID } from 'node:crypto'
import { linkSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { codedError, type ThrownCodedError } from '../../domain/kernel/coded-error.ts'
import { processStart } from './process-start.ts'

/** A coded error of the store. */
function storeError(code: string, message: string, details: Record<string, unknown> = {}): ThrownCodedError {
  return codedError(code, message, details)
}

/** Who holds a workspace's single-writer lock. */
export interface LockHolder {
  pid: number
  /** When the lock was taken (the clock port's time). */
  since: string
  host: string
  /** The holder process's start (Linux: clock ticks since boot), to tell a reused pid from the holder. */
  startTicks?: number
  /** The holder process's start as an ISO instant, best effort. */
  startedAt?: string
  /** Unique per taking: names the lock's generation when it is taken over. */
  id?: string
}

/** How to take the lock. */
export interface LockOptions {
  /** Take the lock even from a live or foreign holder (the person said so). */
  takeOver?: boolean
}

/** Why a lock is not taken over: its holder may still be writing. */
type Refusal = 'live' | 'foreign-host' | 'pid-reused' | 'unreadable'

/** What a lock file says: the holder (when readable) and the generation id it stands for. */
interface Seen {
  holder?: LockHolder
  id: string
}

const ATTEMPTS = 200
const sleeper = new Int32Array(new SharedArrayBuffer(4))

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Reads a lock or claim file; undefined when it is not there. */
function see(path: string): Seen | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  let holder: LockHolder | undefined
  try {
    const parsed = JSON.parse(text) as LockHolder
    if (typeof parsed?.pid === 'number' && Number.isInteger(parsed.pid)) holder = parsed
  } catch {
    // unreadable: identified by its bytes
  }
  const id = typeof holder?.id === 'string' && /^[\w-]{1,80}$/.test(holder.id) ? holder.id : `raw-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
  return { holder, id }
}

/** Why `holder` may not be taken over, or undefined when it is stale (same host, its process gone). */
function refusal(holder: LockHolder | undefined, host: string): Refusal | undefined {
  if (!holder) return 'unreadable'
  if (holder.host !== host) return 'foreign-host'
  if (!alive(holder.pid)) return undefined
  const now = processStart(holder.pid)
  if (holder.startTicks !== undefined && now?.ticks !== undefined && now.ticks !== holder.startTicks) return 'pid-reused'
  return 'live'
}

function lockedError(dir: string, seen: Seen, why: Refusal): Error {
  const h = seen.holder
  const where = h ? `pid ${h.pid} on ${h.host}, since ${h.since}` : 'its .lock file cannot be read'
  const because =
    why === 'foreign-host' ? ` It was opened on another machine (${h?.host}); it may still be open there.`
      : why === 'pid-reused' ? ` That process is gone and its pid now belongs to another program, so this cannot be told apart from a Stormbook in another container.`
        : why === 'unreadable' ? ' Its lock file is damaged.'
          : ''
  return storeError(
    'WORKSPACE_LOCKED',
    `The workspace is open in another Stormbook (${where}).${because} Close it there, open this one read-only, or take the lock over if you are sure nothing else writes to it.`,
    { path: dir, reason: why, holder: h ?? null, host: h?.host ?? null, pid: h?.pid ?? null, since: h?.since ?? null },
  )
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone
  }
}

/**
 * Takes the workspace's `.lock` (one writer at a time) and returns the function that releases it.
 *
 * - An absent lock is created whole and atomically: written to a unique temporary file, then hard-linked
 *   to `.lock` (which fails when one exists), so nobody ever reads half a lock.
 * - A stale lock (same host, its process gone) is replaced by exactly one taker: to replace generation
 *   `g` a taker must first create `.lock.next-<g>` (exclusively); the one that does re-reads `.lock`,
 *   renames its own lock over it and confirms. A claim left by a taker that died is itself replaced the
 *   same way (`.lock.next-<claim id>`).
 * - A lock from a live process, another host, a reused pid, or an unreadable one refuses with
 *   WORKSPACE_LOCKED (details: reason, holder, host, pid, since), unless `takeOver` is set.
 */
export function acquireLock(dir: string, now: () => string, options: LockOptions = {}): () => void {
  const path = join(dir, '.lock')
  const host = hostname()
  const start = processStart(process.pid)
  const me: LockHolder = { pid: process.pid, since: now(), host, startTicks: start?.ticks, startedAt: start?.at, id: `${process.pid}-${randomUUID()}` }
  const text = JSON.stringify(me)
  const temp = join(dir, `.lock.${me.id}.tmp`)
  const release = () => releaseLock(path, me.id!)
  writeFileSync(temp, text)
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (tryLink(temp, path)) {
        if (see(path)?.id === me.id) return sweep(dir, release)
        continue
      }
      const seen = see(path)
      if (!seen) continue // released meanwhile: try again
      const why = refusal(seen.holder, host)
      if (why && !options.takeOver) throw lockedError(dir, seen, why)
      const outcome = replace(dir, path, seen.id, temp, me.id!, host)
      if (outcome === 'won') return sweep(dir, release)
      sleepSync(1 + Math.random() * Math.min(attempt + 1, 10)) // another taker is at work (~1 s in all)
    }
    const last = see(path)
    if (last && refusal(last.holder, host)) throw lockedError(dir, last, refusal(last.holder, host)!)
    throw storeError('WORKSPACE_LOCKED', 'The workspace lock is being taken over by another Stormbook; try again.', { path: dir, reason: 'busy' })
  } finally {
    removeQuietly(temp)
  }
}

/**
 * Replaces generation `target` of the lock with ours, if we are the one taker allowed to: 'won', or
 * 'busy' when another taker holds the claim (or the lock moved on meanwhile).
 */
function replace(dir: string, path: string, target: string, temp: string, mine: string, host: string): 'won' | 'busy' {
  const chain = [target]
  for (;;) {
    const claim = join(dir, `.lock.next-${chain[chain.length - 1]}`)
    if (tryLink(temp, claim)) {
      const current = see(path)
      // Only the holder of the newest claim may write `.lock` while it shows a generation of this chain.
      if (current && chain.includes(current.id)) {
        const copy = join(dir, `.lock.${mine}.new`)
        writeFileSync(copy, readFileSync(temp))
        renameSync(copy, path)
        const won = see(path)?.id === mine
        if (won) for (const id of chain) removeQuietly(join(dir, `.lock.next-${id}`))
        else removeQuietly(claim)
        return won ? 'won' : 'busy'
      }
      removeQuietly(claim)
      return 'busy'
    }
    const other = see(claim)
    if (!other) continue // removed meanwhile: claim it again
    if (other.id === mine) return 'busy'
    const why = refusal(other.holder, host)
    if (why) return 'busy' // a live taker is at it
    chain.push(other.id) // its taker died mid-way: claim its claim
  }
}

/**
 * Removes what takers that were killed left beside the lock (their temporary files and claims), once the
 * lock is ours: a claim only matters while `.lock` shows the generation it names.
 */
function sweep(dir: string, release: () => void): () => void {
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    return release
  }
  for (const name of names) {
    const leftover = /^\.lock\.(\d+)-[\w-]+\.(tmp|new|release)$/.exec(name)
    const claimant = !leftover && name.startsWith('.lock.next-') ? see(join(dir, name))?.holder : undefined
    const pid = leftover ? Number(leftover[1]) : claimant?.host === hostname() ? claimant.pid : undefined
    if (pid !== undefined && pid !== process.pid && !alive(pid)) removeQuietly(join(dir, name))
  }
  return release
}

/** Removes `.lock` if it is still ours (moved aside first, so another's lock is never removed). */
function releaseLock(path: string, mine: string): void {
  const aside = `${path}.${mine}.release`
  try {
    renameSync(path, aside)
  } catch {
    return // already gone
  }
  if (see(aside)?.id !== mine) tryLink(aside, path) // taken over meanwhile: put it back
  removeQuietly(aside)
}
