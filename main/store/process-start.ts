import { readFileSync } from 'node:fs'

/**
 * When a process started, as far as this machine can tell: `ticks` is an exact identity (Linux: field 22
 * of /proc/<pid>/stat, clock ticks since boot), `at` an ISO instant (boot time + ticks, or best effort).
 */
export interface ProcessStart {
  ticks?: number
  at?: string
}

/** Linux's USER_HZ: /proc counts in 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100

function bootTimeMs(): number | undefined {
  try {
    const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
    return line ? Number(line[1]) * 1000 : undefined
  } catch {
    return undefined
  }
}

/** The start of a process on Linux (from /proc), undefined when it is gone or /proc is not there. */
function linuxStart(pid: number): ProcessStart | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // Field 2 (the command name) is in parentheses and may hold spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[19]) // field 22; fields[0] is field 3
  if (!Number.isSafeInteger(ticks)) return undefined
  const boot = bootTimeMs()
  return { ticks, at: boot === undefined ? undefined : new Date(boot + (ticks * 1000) / TICKS_PER_SECOND).toISOString() }
}

/**
 * The start of process `pid`: exact on Linux; elsewhere only this process's own start is known
 * (the wall clock minus its uptime), another's is undefined.
 */
export function processStart(pid: number): ProcessStart | undefined {
  if (process.platform === 'linux') return linuxStart(pid)
  if (pid === process.pid) return { at: new Date(Date.now() - process.uptime() * 1000).toISOString() }
  return undefined
}
