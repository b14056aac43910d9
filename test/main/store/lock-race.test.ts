import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Issue 9: three processes opening a workspace whose `.lock` names a dead process let two writers in.
 * Here three long-lived child processes race for the stale lock of a fresh folder, trial after trial;
 * exactly one may win each time. LOCK_RACE_TRIALS=5000 for a longer run.
 */

const trials = Number(process.env.LOCK_RACE_TRIALS ?? 300)
const racers = 3
const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
const script = join(root, 'test/main/store/lock-race-child.ts')
const base = mkdtempSync(join(tmpdir(), 'stormbook-lock-race-'))
const procs: ChildProcess[] = []

afterAll(() => {
  for (const proc of procs) proc.kill('SIGKILL')
  rmSync(base, { recursive: true, force: true })
})

/** A child racer: `ask(dir)` sends it `go <dir>` and resolves with its answer line. */
function racer(): { loaded: Promise<void>; ask: (dir: string) => Promise<string>; stderr: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
  procs.push(proc)
  let out = ''
  let err = ''
  let onLoaded = () => undefined as void
  const loaded = new Promise<void>((r) => (onLoaded = r))
  const waiting = new Map<string, (line: string) => void>()
  proc.stdout!.setEncoding('utf8')
  proc.stdout!.on('data', (chunk: string) => {
    out += chunk
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl)
      out = out.slice(nl + 1)
      if (line === 'loaded') onLoaded()
      else {
        const dir = line.split(' ')[1]
        waiting.get(dir)?.(line)
        waiting.delete(dir)
      }
    }
  })
  proc.stderr!.setEncoding('utf8')
  proc.stderr!.on('data', (chunk: string) => (err += chunk))
  return {
    loaded,
    stderr: () => err,
    ask: (dir) =>
      new Promise((r) => {
        waiting.set(dir, r)
        proc.stdin!.write(`go ${dir}\n`)
      }),
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A pid no process has now. */
function deadPid(): number {
  for (;;) {
    const pid = 1000 + Math.floor(Math.random() * 30_000)
    if (!alive(pid)) return pid
  }
}

/** The stale lock of trial `n`: the old layout, the new one, or the new one with a claim its taker left. */
function staleLock(dir: string, n: number): void {
  const pid = deadPid()
  const old = { pid, since: '2026-01-01T00:00:00.000Z', host: hostname() }
  if (n % 3 === 0) writeFileSync(join(dir, '.lock'), JSON.stringify(old))
  else writeFileSync(join(dir, '.lock'), JSON.stringify({ ...old, startTicks: 1, id: `${pid}-stale-${n}` }))
  if (n % 3 === 2) writeFileSync(join(dir, `.lock.next-${pid}-stale-${n}`), JSON.stringify({ ...old, pid: deadPid(), id: `claim-${n}` }))
}

describe('the workspace lock under a race', () => {
  it(`lets exactly one of ${racers} processes take a dead writer's lock, over ${trials} trials`, { timeout: 60_000 + trials * 100 }, async () => {
    const children = Array.from({ length: racers }, racer)
    await Promise.all(children.map((c) => c.loaded))
    const doubleWins: string[] = []
    const leftovers: string[] = []
    for (let n = 0; n < trials; n++) {
      const dir = join(base, `t${n}`)
      mkdirSync(dir)
      staleLock(dir, n)
      const answers = await Promise.all(children.map((c) => c.ask(dir)))
      const won = answers.filter((a) => a.startsWith('won ')).length
      const failed = answers.filter((a) => a.startsWith('failed '))
      expect(failed, `trial ${n}: a racer failed without a coded error`).toEqual([])
      expect(answers.filter((a) => a.startsWith('refused ')).every((a) => a.endsWith(' WORKSPACE_LOCKED'))).toBe(true)
      if (won !== 1) doubleWins.push(`trial ${n}: ${won} winners (${answers.join('; ')})`)
      else {
        const holder = JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')) as { pid: number }
        expect(procs.map((p) => p.pid)).toContain(holder.pid)
        const left = readdirSync(dir).filter((f) => f !== '.lock')
        if (left.length > 0) leftovers.push(`trial ${n}: ${left.join(', ')}`)
      }
    }
    expect(doubleWins, children.map((c) => c.stderr()).join('')).toEqual([])
    expect(leftovers, 'only the lock is left beside it').toEqual([])
  })
})
