import { beforeAll, describe, expect, it } from 'vitest'
import { designDocument } from '../../../../domain/storming/notation/design-doc.ts'
import { columnsInView, GEOMETRY, layoutStorm } from '../../../../domain/storming/notation/layout.ts'
import { stormMermaid } from '../../../../domain/storming/notation/mermaid.ts'
import { DEFAULT_PALETTE, paletteFrom } from '../../../../domain/storming/notation/palette.ts'
import { stormOf } from '../../../../domain/storming/notation/storm.ts'
import { escapeXml, stormSvg, wrapLabel } from '../../../../domain/storming/notation/svg.ts'
import { sampleLogs, type SampleLog } from '../../../support/sample-logs.ts'

let logs: SampleLog[] = []
const log = (name: string) => logs.find((l) => l.file === `${name}.flow.json`)!
beforeAll(async () => {
  logs = await sampleLogs()
})

/** The element names of an XML text, checked for balance: a well-formedness check without a parser. */
function unbalancedTags(xml: string): string[] {
  const stack: string[] = []
  const problems: string[] = []
  for (const match of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match
    if (selfClosing) continue
    if (!closing) stack.push(name)
    else if (stack.pop() !== name) problems.push(name)
  }
  return [...problems, ...stack]
}

describe('the storm laid out', () => {
  it('runs time left to right, one column per command, and lanes by context or by aggregate', () => {
    const storm = stormOf(log('trading-bounced-withdrawal').events)
    const byContext = layoutStorm(storm.columns, 'context')
    expect(byContext.lanes.map((l) => l.label)).toEqual(['Trading'])
    const byAggregate = layoutStorm(storm.columns, 'aggregate')
    expect(byAggregate.lanes.map((l) => l.label)).toEqual(['Portfolio', 'WireTransfer'])
    const xs = byAggregate.columns.map((c) => c.x)
    expect(xs).toEqual([...xs].sort((a, b) => a - b))
    for (const column of byAggregate.columns) {
      const lane = byAggregate.lanes[column.lane]
      expect(lane.label).toBe(column.column.aggregate)
      for (const s of column.stickies) {
        expect(s.y).toBeGreaterThanOrEqual(lane.top)
        expect(s.y + s.height).toBeLessThanOrEqual(lane.top + lane.height)
      }
    }
  })

  it('stacks issuer, command, aggregate (by name) and events in each column', () => {
    const storm = stormOf(log('contract-accepted-wins-the-deal').events)
    const layout = layoutStorm(storm.columns)
    const won = layout.columns.find((c) => c.column.issuer.name === 'AutoWinOnContractAccepted')!
    expect(won.stickies.map((s) => `${s.kind}:${s.label}${s.detail ? ` (${s.detail})` : ''}`)).toEqual([
      'policy:AutoWinOnContractAccepted',
      'command:CloseOpportunity',
      `aggregate:Opportunity (${won.column.streamLabel})`,
      `event:OpportunityWon (#${won.column.first})`,
    ])
    expect(won.column.streamLabel).not.toMatch(/^o-\d+$/)
  })

  it('draws at most four event stickies per column, the rest counted', () => {
    const events = log('sales-funnel').events
    const many = Array.from({ length: 7 }, (_, i) => ({ ...events[1], position: i + 1, id: `e-${i}`, version: i + 1 }))
    const [column] = layoutStorm(stormOf(many).columns).columns
    const labels = column.stickies.filter((s) => s.kind === 'event').map((s) => s.label)
    expect(labels).toEqual([events[1].type, events[1].type, events[1].type, '+4 more events'])
  })

  it('finds the columns in view of a very wide storm without walking it', () => {
    const storm = stormOf(log('sales-funnel').events)
    const layout = layoutStorm(storm.columns)
    const from = GEOMETRY.laneLabelWidth + 2 * GEOMETRY.columnWidth
    const shown = columnsInView(layout, from, from + 2 * GEOMETRY.columnWidth - 1)
    expect(shown.map((c) => c.column.index)).toEqual([2, 3, 4])
    expect(columnsInView(layout, layout.width + 10, layout.width + 500)).toEqual([])
  })
})

describe('the storm exported', () => {
  it('as SVG: well formed, every sticky of the selection in it, nothing outside the drawing', () => {
    for (const { file, events } of logs) {
      const layout = layoutStorm(stormOf(events).columns, 'aggregate')
      const svg = stormSvg(layout, { title: file })
      expect(unbalancedTags(svg), file).toEqual([])
      const stickies = layout.columns.flatMap((c) => c.stickies)
      expect((svg.match(/<g class="sticky /g) ?? []).length, file).toBe(stickies.length)
      for (const s of stickies) expect(svg, file).toContain(escapeXml(wrapLabel(s.label, s.width - 12, s.detail ? 1 : 2)[0]))
      const [, width, height] = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)!.map(Number)
      for (const s of stickies) {
        expect(s.x + s.width, file).toBeLessThanOrEqual(width)
        expect(s.y + s.height + 40, file).toBeLessThanOrEqual(height)
      }
      expect(svg).toContain('fill="#ffffff"') // a white page, never a black box
    }
  })

  it('as SVG: text that looks like markup stays text', () => {
    const events = log('sales-funnel').events
    const evil = events.map((e) => (e.type === 'CustomerRegistered' ? { ...e, data: { ...e.data, name: '<script>alert("x")</script> & co' } } : e))
    const svg = stormSvg(layoutStorm(stormOf(evil).columns))
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;')
    expect(unbalancedTags(svg)).toEqual([])
  })

  it('as a Mermaid flowchart: actor → command → aggregate → event → policy → command, in the notation colours', () => {
    const text = stormMermaid(stormOf(log('contract-accepted-wins-the-deal').events).columns)
    expect(text.split('\n')[0]).toBe('flowchart LR')
    expect(text).toContain(`classDef event fill:${DEFAULT_PALETTE.event}`)
    expect(text).toContain('actor_customer --> cmd_Opportunity_AcceptContract')
    expect(text).toContain('cmd_Opportunity_AcceptContract --> agg_Opportunity')
    expect(text).toContain('agg_Opportunity --> evt_Opportunity_ContractAccepted')
    expect(text).toContain('evt_Opportunity_ContractAccepted --> policy_AutoWinOnContractAccepted')
    expect(text).toContain('policy_AutoWinOnContractAccepted --> cmd_Opportunity_CloseOpportunity')
    expect(text).toContain('policy_AutoWinOnContractAccepted["AutoWinOnContractAccepted"]:::policy')
    for (const line of text.trim().split('\n').slice(1)) expect(line).toMatch(/^ {2}(classDef \w+ fill:#[0-9a-f]{6},stroke:#555,color:#111|\w+\["[^"]*"\]:::\w+|\w+ (-->|-\.->) \w+)$/)
  })

  it('as a design document: commands per context and aggregate with who issued them and counts, policies as when/then', () => {
    const storm = stormOf(log('trading-market-buy-and-sell').events)
    const doc = designDocument(storm.columns, { title: 'Market buy and sell', readModels: { trading: ['PortfolioSummary', 'Orders'] } })
    expect(doc).toContain('# Market buy and sell')
    expect(doc).toContain('### Trading')
    expect(doc).toContain('#### Portfolio aggregate')
    expect(doc).toContain('| PlaceOrder | trader | OrderPlaced (2), SharesDebited | 2 |')
    expect(doc).toContain('| CompleteOrder | Trade service (external system) | OrderFulfilled (2) | 2 |')
    expect(doc).toContain('- **Trade service** (external system): when OrderReceived, then CompleteOrder (2 times)')
    expect(doc).toContain('- **SettleTrade**: when OrderFulfilled, then ProcessTrade')
    expect(doc).toContain('- **ForwardOrderToBroker**: when OrderPlaced, then PlaceOrder')
    expect(doc).toContain('- trading: PortfolioSummary, Orders')
    expect(doc).toContain('## Open hotspots\n\nNone.')
  })
})

describe('the palette', () => {
  it('takes a saved colour per kind and keeps the default for the rest or for anything that is not a colour', () => {
    const palette = paletteFrom({ event: '#FF0000', command: 'blue', hotspot: 42, nonsense: '#000000' })
    expect(palette).toEqual({ ...DEFAULT_PALETTE, event: '#ff0000' })
    expect(paletteFrom(null)).toEqual(DEFAULT_PALETTE)
  })
})
