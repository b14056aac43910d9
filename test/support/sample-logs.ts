import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { SimulatedClock } from '../../main/app/clock.ts'
import { contexts } from '../../main/app/contexts.ts'
import { memoryEngine } from '../../main/app/workspace.ts'
import { parseFlow } from '../../main/flows/flow-file.ts'
import { DEFAULT_FLOW_START, runFlow } from '../../main/flows/runner.ts'

/** The folder of the sample flows shipped with the app. */
export const SAMPLE_FLOWS = join(import.meta.dirname, '../../flows')

/** A sample flow's log, as the CLI's `flow run` records it (its start, wire mode and market applied). */
export interface SampleLog {
  file: string
  flow: string
  events: EventEnvelope[]
}

/** Runs every sample flow in a fresh in-memory workspace and answers the logs they leave. */
export async function sampleLogs(): Promise<SampleLog[]> {
  const out: SampleLog[] = []
  for (const file of readdirSync(SAMPLE_FLOWS).filter((f) => f.endsWith('.flow.json')).sort()) {
    const flow = parseFlow(readFileSync(join(SAMPLE_FLOWS, file), 'utf8'))
    const clock = new SimulatedClock(flow.start ?? DEFAULT_FLOW_START)
    const engine = memoryEngine(contexts, clock, undefined, { wire: flow.wire })
    const report = await runFlow(flow, engine, clock)
    if (!report.ok) throw new Error(`The sample flow ${file} fails: ${JSON.stringify(report.steps.find((s) => !s.ok))}`)
    out.push({ file, flow: flow.flow, events: engine.store.readRange(1, engine.store.lastPosition) })
    await engine.close()
  }
  return out
}
