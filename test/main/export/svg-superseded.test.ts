import { describe, expect, it } from 'vitest'
import { contexts } from '../../../main/app/contexts.ts'
import { exportEvents } from '../../../main/export/storm-export.ts'
import { sampleLogs } from '../../support/sample-logs.ts'

describe('the storm drawn to SVG after a team-sync rebase', () => {
  it('draws each withdrawn event greyed and marked superseded, and no other', async () => {
    const [log] = await sampleLogs()
    const withdrawn = log.events[1]
    const drawn = (superseded?: ReadonlySet<string>) => exportEvents(log.events, 'svg', { title: log.flow, contexts, superseded }).then((b) => b.toString('utf8'))
    const marked = (svg: string) => svg.match(/class="sticky [a-z-]+ superseded"/g) ?? []
    expect(marked(await drawn())).toEqual([])
    const svg = await drawn(new Set([withdrawn.id]))
    expect(marked(svg)).toHaveLength(1)
    expect(svg).toMatch(/· superseded|>superseded</)
  }, 60_000)
})
