import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { exportCommand, type ExportArgs } from '../../../main/cli/export-command.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { DEFAULT_FLOW_START, runFlow } from '../../../main/flows/runner.ts'
import { lineCrcOk, parseLine } from '../../../main/store/line.ts'
import { SAMPLE_FLOWS } from '../../support/sample-logs.ts'
import { tempDir } from '../../support/workspace.ts'

const flow = (name: string) => join(SAMPLE_FLOWS, `${name}.flow.json`)

async function run(args: Partial<ExportArgs>): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = []
  let stderr = ''
  const code = await exportCommand({ source: undefined, format: undefined, ...args }, {
    stdout: (data) => out.push(Buffer.from(data)),
    stderr: (text) => (stderr += text),
  })
  return { code, stdout: Buffer.concat(out), stderr }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('stormbook export', () => {
  it('writes a flow as the design document, Mermaid, SVG, PNG and log lines', async () => {
    const md = await run({ source: flow('trading-market-buy-and-sell'), format: 'md' })
    expect(md.code).toBe(0)
    expect(md.stdout.toString()).toContain('#### Portfolio aggregate')
    expect(md.stdout.toString()).toMatch(/^# .+buy.+sell/im)

    const mermaid = await run({ source: flow('trading-market-buy-and-sell'), format: 'mermaid' })
    expect(mermaid.stdout.toString().split('\n')[0]).toBe('flowchart LR')

    const svg = await run({ source: flow('trading-market-buy-and-sell'), format: 'svg' })
    expect(svg.stdout.toString()).toMatch(/^<\?xml[^>]*>\n<svg /)
    expect(svg.stdout.toString()).toContain('SettleTrade')

    const png = await run({ source: flow('trading-market-buy-and-sell'), format: 'png' })
    expect(png.code).toBe(0)
    const { width, height } = pngSize(png.stdout)
    const [, w, h] = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg.stdout.toString())!.map(Number)
    expect(width).toBe(Math.round(w * 2)) // the whole drawing, at twice its size
    expect(height).toBe(Math.round(h * 2))

    const jsonl = await run({ source: flow('trading-market-buy-and-sell'), format: 'jsonl' })
    const lines = jsonl.stdout.toString().trimEnd().split('\n')
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) expect(lineCrcOk(Buffer.from(line), 0, Buffer.byteLength(line))).toBe(true)
    expect(lines.map((l) => parseLine(l).position)).toEqual(lines.map((_, i) => i + 1))
  })

  it('raises a flow file’s hotspots in its log: the design document lists them open, the drawing shows them', async () => {
    const md = await run({ source: flow('sales-funnel'), format: 'md' })
    expect(md.stdout.toString()).toMatch(/## Open hotspots\n\n- At event \d+: Who may reopen a won deal/)
    const svg = await run({ source: flow('sales-funnel'), format: 'svg' })
    expect(svg.stdout.toString()).toContain('<g class="sticky hotspot"')
  })

  it('exports only the selection: a position range, or one cascade', async () => {
    // A kept log (a flow run again makes new ids): the sample run into a workspace folder.
    const dir = join(tempDir(), 'contract')
    const text = readFileSync(flow('contract-accepted-wins-the-deal'), 'utf8')
    const parsed = parseFlow(text)
    const clock = new SimulatedClock(parsed.start ?? DEFAULT_FLOW_START)
    const ws = await openWorkspace(dir, { contexts, clock })
    expect((await runFlow(parsed, ws.engine, clock)).ok).toBe(true)
    await ws.close()
    const lines = async (args: Partial<ExportArgs>) => (await run({ source: dir, format: 'jsonl', ...args })).stdout.toString().trimEnd().split('\n').map(parseLine)
    const all = await lines({})
    expect((await lines({ from: '2', to: '3' })).map((e) => e.position)).toEqual([2, 3])
    expect((await lines({ from: String(all.length) })).map((e) => e.position)).toEqual([all.length])
    const accepted = all.find((e) => e.type === 'ContractAccepted')!
    expect((await lines({ correlation: accepted.meta.correlationId })).map((e) => e.type)).toEqual(['ContractAccepted', 'OpportunityWon'])
    const none = await run({ source: dir, format: 'md', correlation: 'no-such-cascade' })
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('the selection holds no event')
  })

  it('reads a workspace folder read-only, even while a Stormbook has it open, and writes the file whole', async () => {
    const dir = join(tempDir(), 'pipeline')
    const ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    try {
      await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme Corp' }, actor: 'rep-7' })
      await ws.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Acme platform deal', kind: 'new', amount: '48000', closeDate: '2027-03-31', salesOwner: 'rep-7' }, actor: 'rep-7' })
      const out = join(dir, '..', 'storm.svg')
      const result = await run({ source: dir, format: 'svg', out })
      expect(result.code).toBe(0)
      expect(result.stderr).toContain('Exported 2 events as svg')
      const svg = readFileSync(out, 'utf8')
      expect(svg).toContain('Acme platform deal')
      expect(svg).toContain('Acme Corp')
      expect(existsSync(`${out}.tmp`)).toBe(false)
    } finally {
      await ws.close()
    }
  })

  it('refuses bad input by name, with exit 2, and writes nothing', async () => {
    const out = join(tempDir(), 'x.md')
    const cases: Array<[Partial<ExportArgs>, RegExp]> = [
      [{ format: 'md' }, /needs a workspace folder or a flow file/],
      [{ source: flow('sales-funnel'), format: 'pdf', out }, /--format must be one of md, mermaid, svg, png, jsonl/],
      [{ source: flow('sales-funnel'), format: true, out }, /--format must be one of/],
      [{ source: flow('sales-funnel'), format: 'md', from: 'x', out }, /--from needs a log position/],
      [{ source: flow('sales-funnel'), format: 'md', from: '5', to: '2', out }, /--from 5 is after --to 2/],
      [{ source: flow('sales-funnel'), format: 'md', lanes: 'diagonal', out }, /--lanes must be context or aggregate/],
      [{ source: '/no/such/place', format: 'md', out }, /There is no workspace folder or flow file at \/no\/such\/place/],
    ]
    for (const [args, message] of cases) {
      const result = await run(args)
      expect(result.code, JSON.stringify(args)).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    }
    expect(existsSync(out)).toBe(false)
  })
})
