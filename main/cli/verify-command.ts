import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { Registry } from '../app/registry.ts'
import { FileEventStore } from '../store/file-store.ts'

/**
 * `stormbook log verify <workspace>`: reads events.jsonl read-only, checks every line's crc, gap-free
 * positions and per-stream versions, and prints counts. Exit 0 when sound, 1 when damaged, 2 on misuse.
 */
export async function logVerify(dir: string | undefined, json: boolean): Promise<number> {
  if (!dir) {
    process.stderr.write('log verify: name a workspace folder\n')
    return 2
  }
  const path = join(resolve(dir), 'events.jsonl')
  if (!existsSync(path)) {
    process.stderr.write(`log verify: there is no events.jsonl in ${resolve(dir)}\n`)
    return 2
  }
  const registry = new Registry(contexts)
  const store = new FileEventStore({ path, readOnly: true, now: () => new SystemClock().now(), upcast: (e) => e })
  const types = new Map<string, number>()
  const aggregates = new Map<string, number>()
  let policyEvents = 0
  let upcastable = 0
  const report = await store.open((e) => {
    types.set(e.type, (types.get(e.type) ?? 0) + 1)
    aggregates.set(e.meta.aggregate, (aggregates.get(e.meta.aggregate) ?? 0) + 1)
    if (e.meta.policy) policyEvents++
    if (e.meta.schema < registry.schemaOf(e.type)) upcastable++
  })
  const result = {
    ok: !report.corrupt && !report.tornBytes,
    events: store.lastPosition,
    bytes: store.byteLength,
    streams: store.streamCount,
    byType: Object.fromEntries([...types].sort()),
    byAggregate: Object.fromEntries([...aggregates].sort()),
    policyEvents,
    olderSchema: upcastable,
    corrupt: report.corrupt ?? null,
    tornBytes: report.tornBytes ?? 0,
  }
  await store.close()
  if (json) process.stdout.write(JSON.stringify(result) + '\n')
  else {
    const out = (line: string) => process.stdout.write(line + '\n')
    out(`${path}`)
    out(`  events ${result.events}, streams ${result.streams}, ${result.bytes} bytes; ${policyEvents} from policies; ${upcastable} at an older schema (upcast on read)`)
    for (const [type, n] of Object.entries(result.byType)) out(`  ${String(n).padStart(8)}  ${type}`)
    if (report.corrupt) out(`  DAMAGED: line ${report.corrupt.line}: ${report.corrupt.reason} (the log is sound up to line ${report.corrupt.line - 1})`)
    if (report.tornBytes) out(`  TORN TAIL: ${report.tornBytes} bytes after the last complete line (moved aside when the workspace next opens for writing)`)
    out(result.ok ? '  OK: every crc, position and version checks out' : '  NOT OK')
  }
  return result.ok ? 0 : 1
}
