import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireLock, type LockHolder } from '../../../main/store/lock.ts'
import { processStart } from '../../../main/store/process-start.ts'
import { tempDir } from '../../support/workspace.ts'

const now = () => '2027-01-04T09:00:00.000Z'
const deadPid = 2 ** 22 + 12345 // above any pid_max: never a live process

function writeLock(dir: string, holder: Partial<LockHolder>): void {
  writeFileSync(join(dir, '.lock'), JSON.stringify({ since: '2026-12-31T23:00:00.000Z', host: hostname(), ...holder }))
}

function readLock(dir: string): LockHolder {
  return JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')) as LockHolder
}

function refusal(fn: () => unknown): Record<string, unknown> {
  try {
    fn()
  } catch (error) {
    return error as Record<string, unknown>
  }
  throw new Error('expected a refusal')
}

describe('the workspace lock', () => {
  it('records host, pid, since, the process start and a unique id, and removes itself on release', () => {
    const dir = tempDir()
    const release = acquireLock(dir, now)
    const holder = readLock(dir)
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), since: now() })
    expect(holder.id).toMatch(/^\d+-[\w-]+$/)
    if (process.platform === 'linux') {
      expect(holder.startTicks).toBe(processStart(process.pid)!.ticks)
      expect(Date.parse(holder.startedAt!)).toBeLessThanOrEqual(new Date().getTime())
    }
    release()
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a live holder with WORKSPACE_LOCKED blaming another Stormbook, with host, pid and since', () => {
    const dir = tempDir()
    const release = acquireLock(dir, now)
    const error = refusal(() => acquireLock(dir, now))
    expect(error).toMatchObject({ code: 'WORKSPACE_LOCKED', details: { reason: 'live', host: hostname(), pid: process.pid, since: now() } })
    expect(error.message).toMatch(/another Stormbook/)
    release()
  })

  it('never takes over a lock from another host, even when its pid is not running here', () => {
    const dir = tempDir()
    writeLock(dir, { pid: deadPid, host: 'elsewhere.example' })
    const error = refusal(() => acquireLock(dir, now))
    expect(error).toMatchObject({ code: 'WORKSPACE_LOCKED', details: { reason: 'foreign-host', host: 'elsewhere.example', pid: deadPid } })
    expect(error.message).toMatch(/another Stormbook.*elsewhere\.example/s)
    expect(readLock(dir).host).toBe('elsewhere.example')
  })

  it.runIf(process.platform === 'linux')('never takes over a lock whose pid now belongs to a process that started at another time', () => {
    const dir = tempDir()
    writeLock(dir, { pid: process.ppid, startTicks: processStart(process.ppid)!.ticks! + 1, id: 'old-1' })
    expect(refusal(() => acquireLock(dir, now))).toMatchObject({ code: 'WORKSPACE_LOCKED', details: { reason: 'pid-reused', pid: process.ppid } })
    expect(readLock(dir).id).toBe('old-1')
  })

  it('takes over a lock whose process is gone (same host), old layout or new', () => {
    for (const extra of [{}, { id: 'gone-1', startTicks: 5 }]) {
      const dir = tempDir()
      writeLock(dir, { pid: deadPid, ...extra })
      const release = acquireLock(dir, now)
      expect(readLock(dir).pid).toBe(process.pid)
      release()
      expect(existsSync(join(dir, '.lock'))).toBe(false)
    }
  })

  it('takes a live or foreign lock when told to (takeOver), and the old holder then leaves it in place', () => {
    const dir = tempDir()
    const releaseFirst = acquireLock(dir, now)
    const releaseSecond = acquireLock(dir, now, { takeOver: true })
    const second = readLock(dir).id
    releaseFirst() // the first holder closes later: it must not remove the lock it lost
    expect(readLock(dir).id).toBe(second)
    releaseSecond()
    expect(existsSync(join(dir, '.lock'))).toBe(false)

    writeLock(dir, { pid: deadPid, host: 'elsewhere.example' })
    const release = acquireLock(dir, now, { takeOver: true })
    expect(readLock(dir).pid).toBe(process.pid)
    release()
  })

  it('refuses an unreadable lock unless told to take over', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '.lock'), '{"pid": 12')
    expect(refusal(() => acquireLock(dir, now))).toMatchObject({ code: 'WORKSPACE_LOCKED', details: { reason: 'unreadable' } })
    acquireLock(dir, now, { takeOver: true })()
  })

  it('finishes a take-over that a killed taker began (its claim is taken over too) and clears what it left', () => {
    const dir = tempDir()
    writeLock(dir, { pid: deadPid, id: 'gone-1' })
    writeFileSync(join(dir, '.lock.next-gone-1'), JSON.stringify({ pid: deadPid + 1, since: now(), host: hostname(), id: 'taker-2' }))
    writeFileSync(join(dir, `.lock.${deadPid + 1}-taker.tmp`), 'x')
    const release = acquireLock(dir, now)
    expect(readLock(dir).pid).toBe(process.pid)
    expect(readdirSync(dir)).toEqual(['.lock'])
    release()
  })

  it('waits out a live taker mid-way and then refuses with WORKSPACE_LOCKED', () => {
    const dir = tempDir()
    writeLock(dir, { pid: deadPid, id: 'gone-1' })
    writeFileSync(join(dir, '.lock.next-gone-1'), JSON.stringify({ pid: process.ppid, since: now(), host: hostname(), id: 'taker-2' }))
    expect(refusal(() => acquireLock(dir, now))).toMatchObject({ code: 'WORKSPACE_LOCKED', details: { reason: 'busy' } })
  })
})
