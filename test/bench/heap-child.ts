/**
 * Run by the heap figure in its own process (`node --expose-gc --import tsx heap-child.ts <workspace>`):
 * opens the workspace as the app does, runs a full gc and prints `{heapUsed, lastPosition}` as JSON.
 */
import { sales } from '../../domain/sales/index.ts'
import { SystemClock } from '../../main/app/clock.ts'
import { openWorkspace } from '../../main/app/workspace.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('heap-child needs node --expose-gc')
const dir = process.argv[2]
const ws = await openWorkspace(dir, { contexts: [sales], clock: new SystemClock() })
gc()
gc()
const { heapUsed } = process.memoryUsage()
process.stdout.write(`${JSON.stringify({ heapUsed, lastPosition: ws.engine.store.lastPosition })}\n`)
await ws.close()
