import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DateTime } from 'luxon'
import { codedError } from '../../domain/kernel/coded-error.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { Registry } from '../app/registry.ts'
import { CheckpointFolder } from '../store/checkpoints.ts'
import type { OpenReport } from '../store/event-store.ts'
import { FileEventStore } from '../store/file-store.ts'
import { DeepVerifier, type CheckpointFinding } from './verify-deep.ts'

/** How `log verify` was asked to run. */
export interface VerifyOptions {
  json: boolean
  /** Also re-fold every projection and compare every checkpoint and the saved aggregate states. */
  deep: boolean
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** True when `at` is a whole ISO-8601 instant (date, time and zone) that names a real moment. */
export function isIsoInstant(at: unknown): boolean {
  return typeof at === 'string' && ISO_INSTANT.test(at) && DateTime.fromISO(at, { setZone: true }).isValid
}

/** The log file of a workspace folder; a coded error (exit 2) when there is none or it is not a file. */
function logFile(dir: string): string {
  const path = join(resolve(dir), 'events.jsonl')
  let isFile: boolean
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw codedError('LOG_NOT_FOUND', `There is no events.jsonl in ${resolve(dir)}.`, { path })
  }
  if (!isFile) throw codedError('LOG_NOT_A_FILE', `${path} is not a file (a folder or a device): it cannot be an event log.`, { path })
  return path
}

/**
 * `stormbook log verify <workspace> [--deep] [--json]`: reads events.jsonl read-only, checks every line's
 * crc, gap-free positions and per-stream versions and that every `at` is an ISO instant, and prints
 * counts. `--deep` re-folds every projection and compares the checkpoints and saved aggregate states
 * with the fold. Exit 0 when sound, 1 when anything fails; a missing workspace throws a coded error.
 */
export async function logVerify(dir: string | undefined, options: VerifyOptions): Promise<number> {
  if (!dir) throw codedError('USAGE', 'log verify: name a workspace folder.', { field: 'workspace' })
  const path = logFile(dir)
  const registry = new Registry(contexts)
  const store = new FileEventStore({ path, readOnly: true, now: () => new SystemClock().now(), upcast: (e) => e })
  const deep = options.deep ? new DeepVerifier(registry, new CheckpointFolder(join(resolve(dir), 'checkpoints'), true)) : undefined
  const types = new Map<string, number>()
  const aggregates = new Map<string, number>()
  const badTimes: Array<{ position: number; at: unknown }> = []
  let badTimeCount = 0
  let policyEvents = 0
  let upcastable = 0
  let report: OpenReport
  try {
    report = await store.open((e) => {
      types.set(e.type, (types.get(e.type) ?? 0) + 1)
      aggregates.set(e.meta.aggregate, (aggregates.get(e.meta.aggregate) ?? 0) + 1)
      if (e.meta.policy) policyEvents++
      if (e.meta.schema < registry.schemaOf(e.type)) upcastable++
      if (!isIsoInstant(e.at)) {
        badTimeCount++
        if (badTimes.length < 20) badTimes.push({ position: e.position, at: e.at })
      }
      deep?.visit(e)
    })
  } finally {
    await store.close()
  }
  const findings: CheckpointFinding[] = deep?.finish(store.lastPosition) ?? []
  const failures = findings.filter((f) => f.kind !== 'note')
  const result = {
    ok: !report.corrupt && !report.tornBytes && badTimeCount === 0 && failures.length === 0,
    events: store.lastPosition,
    bytes: store.byteLength,
    streams: store.streamCount,
    byType: Object.fromEntries([...types].sort()),
    byAggregate: Object.fromEntries([...aggregates].sort()),
    policyEvents,
    olderSchema: upcastable,
    corrupt: report.corrupt ?? null,
    tornBytes: report.tornBytes ?? 0,
    badTimes: { count: badTimeCount, first: badTimes },
    ...(deep ? { checkpoints: { mismatches: failures.length, findings } } : {}),
  }
  if (options.json) process.stdout.write(JSON.stringify(result) + '\n')
  else {
    const out = (line: string) => process.stdout.write(line + '\n')
    out(`${path}`)
    out(`  events ${result.events}, streams ${result.streams}, ${result.bytes} bytes; ${policyEvents} from policies; ${upcastable} at an older schema (upcast on read)`)
    for (const [type, n] of Object.entries(result.byType)) out(`  ${String(n).padStart(8)}  ${type}`)
    if (report.corrupt) out(`  DAMAGED: line ${report.corrupt.line}: ${report.corrupt.reason} (the log is sound up to line ${report.corrupt.line - 1})`)
    if (report.tornBytes) out(`  TORN TAIL: ${report.tornBytes} bytes after the last complete line (moved aside when the workspace next opens for writing)`)
    for (const bad of badTimes) out(`  BAD TIME: position ${bad.position}: at ${JSON.stringify(bad.at)} is not an ISO-8601 instant`)
    if (badTimeCount > badTimes.length) out(`  … and ${badTimeCount - badTimes.length} more events with a bad time`)
    for (const f of findings) out(`  ${f.kind === 'mismatch' ? 'MISMATCH' : f.kind === 'rejected' ? 'REJECTED' : 'note'}: ${f.projection} at ${f.position}: ${f.what}`)
    if (deep && failures.length === 0) out('  every checkpoint and saved aggregate state matches the log')
    out(result.ok ? `  OK: every crc, position, version and time checks out${deep ? ', and so does every checkpoint' : ''}` : '  NOT OK')
  }
  return result.ok ? 0 : 1
}
