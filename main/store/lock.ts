import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { StormbookError } from './errors.ts'

/** Who holds a workspace's single-writer lock. */
export interface LockHolder {
  pid: number
  since: string
  host: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder
    return typeof holder.pid === 'number' ? holder : undefined
  } catch {
    return undefined
  }
}

/**
 * Takes the workspace's `.lock` (one writer at a time). A lock held by a live process refuses with
 * WORKSPACE_LOCKED naming the holder; a lock whose process is gone (or unreadable) is taken over.
 * Returns the function that releases it.
 */
export function acquireLock(dir: string, now: () => string): () => void {
  const path = join(dir, '.lock')
  const me: LockHolder = { pid: process.pid, since: now(), host: hostname() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      return () => {
        const holder = readHolder(path)
        if (holder?.pid === me.pid && holder.since === me.since) {
          try {
            unlinkSync(path)
          } catch {
            // already gone: nothing to release
          }
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(path)
      if (holder && holder.host === me.host && alive(holder.pid)) {
        throw new StormbookError(
          'WORKSPACE_LOCKED',
          `The workspace is open in another process (pid ${holder.pid}, since ${holder.since}). Close it there, or open this one read-only.`,
          { holder, path: dir },
        )
      }
      if (holder && holder.host !== me.host) {
        throw new StormbookError('WORKSPACE_LOCKED', `The workspace is locked by pid ${holder.pid} on ${holder.host} since ${holder.since}.`, { holder, path: dir })
      }
      // Stale lock (its process is gone): take it over.
      try {
        unlinkSync(path)
      } catch {
        // another opener took it over first; the next attempt tells
      }
    }
  }
  throw new StormbookError('WORKSPACE_LOCKED', 'Could not take the workspace lock.', { path: dir })
}
