import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { exportEvents, selectEvents } from '../../../main/export/storm-export.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'
import { SAMPLE_FLOWS, sampleLogs, type SampleLog } from '../../support/sample-logs.ts'

let logs: SampleLog[] = []
beforeAll(async () => {
  logs = await sampleLogs()
}, 60_000)

describe('the flow export', () => {
  it('turns every sample log, whole and from its middle on, into one given/when/then flow that passes when run', async () => {
    for (const log of logs) {
      const wire = parseFlow(readFileSync(join(SAMPLE_FLOWS, log.file), 'utf8')).wire
      const engine = memoryEngine(contexts, new SimulatedClock('2030-01-01T00:00:00Z'), undefined, { wire })
      expect((await engine.ingest(log.events, { versions: 'keep' })).ok).toBe(true)
      for (const from of [1, Math.ceil(log.events.length / 2)]) {
        const selected = selectEvents(log.events, { from })
        const text = (await exportEvents(selected, 'flow', { title: log.flow, contexts, source: engine })).toString('utf8')
        const report = await runFlowText(text, { contexts })
        expect({ file: log.file, from, failed: report.steps.filter((s) => !s.ok) }).toEqual({ file: log.file, from, failed: [] })
        const flow = JSON.parse(text)
        expect(flow.flow).toBe(log.flow)
        if (from > 1) expect(flow.steps[0]).toHaveProperty('given')
      }
      await engine.close()
    }
  }, 60_000)
})
