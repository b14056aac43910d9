import { beforeAll, describe, expect, it } from 'vitest'
import { layoutStorm } from '../../../../domain/storming/notation/layout.ts'
import { stormOf } from '../../../../domain/storming/notation/storm.ts'
import { stormSvg } from '../../../../domain/storming/notation/svg.ts'
import { sampleLogs, type SampleLog } from '../../../support/sample-logs.ts'

let log: SampleLog
beforeAll(async () => {
  log = (await sampleLogs()).find((l) => l.file === 'contract-accepted-wins-the-deal.flow.json')!
})

describe('superseded events on the storm', () => {
  it('marks the event stickies a rebase superseded, and only those', () => {
    const storm = stormOf(log.events)
    const withdrawn = storm.columns[1].events[0]
    const layout = layoutStorm(storm.columns, 'context', new Set([withdrawn.id]))
    const marked = layout.columns.flatMap((c) => c.stickies).filter((s) => s.superseded)
    expect(marked.map((s) => [s.kind, s.label, s.position])).toEqual([['event', withdrawn.type, withdrawn.position]])
    expect(layout.columns[1].stickies.find((s) => s.eventId === withdrawn.id)?.superseded).toBe(true)
  })

  it('marks nothing when no event is superseded', () => {
    const layout = layoutStorm(stormOf(log.events).columns)
    expect(layout.columns.flatMap((c) => c.stickies).some((s) => s.superseded)).toBe(false)
  })

  it('draws a superseded sticky grey and struck through in the SVG, its second line saying "superseded"', () => {
    const storm = stormOf(log.events)
    const withdrawn = storm.columns[1].events[0]
    const svg = stormSvg(layoutStorm(storm.columns, 'context', new Set([withdrawn.id])))
    const group = svg.split('\n').filter((line) => line.includes('class="sticky event superseded"'))
    expect(group).toHaveLength(1)
    expect(group[0]).toContain('fill="#d0d0d0"')
    expect(group[0]).toContain(`text-decoration="line-through">${withdrawn.type}</tspan>`)
    expect(group[0]).toContain(`#${withdrawn.position} · superseded</tspan>`)
    expect(stormSvg(layoutStorm(storm.columns))).not.toContain('superseded')
  })
})
