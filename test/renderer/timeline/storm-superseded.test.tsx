import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { layoutStorm } from '../../../domain/storming/notation/layout.ts'
import { DEFAULT_PALETTE } from '../../../domain/storming/notation/palette.ts'
import { stormOf, type Storm } from '../../../domain/storming/notation/storm.ts'
import { columnWords, StormCanvas } from '../../../renderer/timeline/storm/StormCanvas.tsx'
import { StormDetails } from '../../../renderer/timeline/storm/StormDetails.tsx'
import { SUPERSEDED_NOTE } from '../../../renderer/timeline/superseded.ts'
import { sampleLogs } from '../../support/sample-logs.ts'

let storm: Storm
beforeAll(async () => {
  storm = stormOf((await sampleLogs()).find((l) => l.file === 'contract-accepted-wins-the-deal.flow.json')!.events)
})

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ')
const noop = () => undefined

describe('the storm view of a superseded event', () => {
  it('draws its sticky greyed with a "superseded" label, and says so in the column’s name', () => {
    const withdrawn = storm.columns[0].events[0]
    const layout = layoutStorm(storm.columns, 'context', new Set([withdrawn.id]))
    const html = renderToStaticMarkup(<StormCanvas layout={layout} palette={DEFAULT_PALETTE} selected={null} chain={new Set()} cursor={null} onSelect={noop} />)
    expect(html.match(/class="sticky event superseded"/g)).toHaveLength(1)
    expect(html.match(/data-testid="storm-superseded">superseded</g)).toHaveLength(1)
    expect(columnWords(layout.columns[0])).toContain(`${withdrawn.type} (superseded)`)
    expect(columnWords(layout.columns[1])).not.toContain('superseded')
  })

  it('says in the details which event a rebase withdrew, as the list does', () => {
    const column = storm.columns[0]
    const withdrawn = column.events[0]
    const details = (ids: string[]) => text(renderToStaticMarkup(<StormDetails column={column} superseded={new Set(ids)} cascadeOnly={false} onCascadeOnly={noop} onClose={noop} />))
    expect(details([withdrawn.id])).toContain(`${withdrawn.type} #${withdrawn.position}, version ${withdrawn.version} superseded ${SUPERSEDED_NOTE}`)
    expect(details([])).not.toContain('superseded')
  })
})
