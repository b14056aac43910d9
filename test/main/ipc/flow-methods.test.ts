import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { inProcessApi } from '../../../main/ipc/in-process.ts'
import type { FlowDocument, StormbookApi } from '../../../main/ipc/contract.ts'
import { tempDir } from '../../support/workspace.ts'

const opened: Workspace[] = []
afterEach(async () => {
  while (opened.length) await opened.pop()!.close()
})

async function open(): Promise<{ api: StormbookApi; workspace: Workspace }> {
  const workspace = await openWorkspace(tempDir(), { contexts, clock: new SimulatedClock('2027-02-01T10:00:00Z') })
  opened.push(workspace)
  return { workspace, api: inProcessApi({ workspace, flowsDir: 'flows' }) }
}

const register = { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, expect: { events: ['CustomerRegistered'] } }
const mine: FlowDocument = { flow: 'Mine', steps: [register] }

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value
}

describe('the flow library over the API', () => {
  it('lists the samples read-only and the workspace own flows, saves, renames, duplicates, deletes and imports', async () => {
    const { api, workspace } = await open()
    const samples = value(await api.flows.list())
    expect(samples.length).toBe(7)
    expect(samples.every((f) => f.source === 'sample' && f.readOnly)).toBe(true)

    expect(value(await api.flows.save('mine.flow.json', mine as never))).toMatchObject({ file: 'mine.flow.json', name: 'Mine', source: 'workspace', readOnly: false, steps: 1 })
    expect(JSON.parse(readFileSync(join(workspace.dir, 'flows', 'mine.flow.json'), 'utf8'))).toEqual(mine)
    expect(value(await api.flows.read('mine.flow.json'))).toEqual({ file: 'mine.flow.json', source: 'workspace', flow: mine })

    expect(value(await api.flows.rename('mine.flow.json', 'ours.flow.json'))).toMatchObject({ file: 'ours.flow.json' })
    expect(existsSync(join(workspace.dir, 'flows', 'mine.flow.json'))).toBe(false)
    expect(value(await api.flows.duplicate('sales-funnel.flow.json'))).toMatchObject({ file: 'sales-funnel-copy.flow.json', name: 'The sales funnel: prospecting to won, with the stage rules copy', source: 'workspace' })
    expect(await api.flows.rename('ours.flow.json', 'sales-funnel-copy.flow.json')).toMatchObject({ ok: false, error: { code: 'FLOW_EXISTS', details: { field: 'to' } } })
    expect(value(await api.flows.import('ours.flow.json', JSON.stringify(mine)))).toMatchObject({ file: 'ours-copy.flow.json' })
    expect(await api.flows.import('bad.flow.json', '{"flow":"x","steps":[{"command":"RegisterCustomer"}]}')).toMatchObject({ ok: false, error: { code: 'FLOW_INVALID', details: { field: 'steps[0].data' } } })
    expect(value(await api.flows.delete('ours.flow.json'))).toEqual({})
    expect(value(await api.flows.list()).filter((f) => f.source === 'workspace').map((f) => f.file)).toEqual(['ours-copy.flow.json', 'sales-funnel-copy.flow.json'])
  })

  it('refuses to change a sample (FLOW_READ_ONLY) and an invalid flow, naming the field, writing nothing', async () => {
    const { api, workspace } = await open()
    expect(await api.flows.save('sales-funnel.flow.json', mine as never)).toMatchObject({ ok: false, error: { code: 'FLOW_READ_ONLY', details: { field: 'file' } } })
    expect(await api.flows.delete('sales-funnel.flow.json')).toMatchObject({ ok: false, error: { code: 'FLOW_READ_ONLY' } })
    const bad = { flow: 'Bad', steps: [{ actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o', customerId: 'c', name: 'n', kind: 'new', amount: 'lots', closeDate: '2027-01-01', salesOwner: 'r' } }] }
    expect(await api.flows.save('bad.flow.json', bad)).toMatchObject({ ok: false, error: { code: 'FLOW_INVALID', details: { field: 'steps[0].data.amount' } } })
    expect(existsSync(join(workspace.dir, 'flows', 'bad.flow.json'))).toBe(false)
  })

  it('keeps the last result of each flow it runs', async () => {
    const { api } = await open()
    expect(value(await api.flows.run('sales-funnel.flow.json', 'scratch')).ok).toBe(true)
    const listed = value(await api.flows.list()).find((f) => f.file === 'sales-funnel.flow.json')!
    expect(listed.lastResult).toEqual({ passed: true, failedSteps: 0, at: '2027-02-01T10:00:00.000Z' })
  })

  it('runs a flow into the workspace with the events it wrote on the report, its hotspot step raised for real', async () => {
    const { api, workspace } = await open()
    await workspace.updateSettings({ actor: 'fran' })
    value(await api.flows.save('hot.flow.json', { flow: 'Hot', steps: [register, { hotspot: 'Who decides?' }] } as never))
    const report = value(await api.flows.run('hot.flow.json', 'workspace'))
    expect(report).toMatchObject({ ok: true, written: true })
    expect(report.log!.map((e) => [e.position, e.type, e.meta.actor])).toEqual([[1, 'CustomerRegistered', 'rep'], [2, 'HotspotRaised', 'fran']])
    expect(workspace.engine.store.readRange(2, 2)[0]).toMatchObject({ type: 'HotspotRaised', data: { hotspotId: 'hot-2', text: 'Who decides?', anchor: { position: 1 } } })
  })
})

describe('validation and the command catalog', () => {
  it('names every problem with its JSON path, in the engine own words', async () => {
    const { api } = await open()
    const flow = { flow: 'x', steps: [{ command: 'RegisterCustomer', data: {} }, { advance: 'soon' }, { command: 'Nope', data: {} }, register] }
    const { problems } = value(await api.flows.validate(flow))
    expect(problems.map((p) => p.field)).toEqual(['steps[0].data.customerId', 'steps[1].advance', 'steps[2].command'])
    expect(problems[2]).toMatchObject({ code: 'FLOW_INVALID', message: expect.stringContaining('There is no command Nope') })
    expect(value(await api.flows.validate({ flow: 'x', steps: [{ advance: 'P1D' }, { given: [] }] })).problems).toEqual([
      { field: 'steps[1].given', code: 'FLOW_INVALID', message: 'steps[1].given: a given step seeds at least one event' },
    ])
    expect(value(await api.flows.validate(mine)).problems).toEqual([])
  })

  it('lists every command with its fields and their types, decimals as decimal', async () => {
    const { api } = await open()
    const commands = value(await api.flows.commands())
    const create = commands.find((c) => c.command === 'CreateOpportunity')!
    expect(create).toMatchObject({ aggregate: 'Opportunity', context: 'sales', policyOnly: false })
    expect(create.fields).toEqual(expect.arrayContaining([
      { name: 'amount', type: 'decimal', required: true },
      { name: 'kind', type: 'enum', required: true, options: ['new', 'expansion', 'renewal'] },
      { name: 'closeDate', type: 'date', required: true },
      { name: 'opportunityId', type: 'string', required: true },
    ]))
    const order = commands.find((c) => c.command === 'PlaceOrder' && c.aggregate === 'Portfolio')!
    expect(order.fields.find((f) => f.name === 'quantity')).toEqual({ name: 'quantity', type: 'integer', required: true })
    expect(order.fields.find((f) => f.name === 'limitPrice')).toEqual({ name: 'limitPrice', type: 'decimal', required: false })
    expect(order.fields.find((f) => f.name === 'symbol')?.type).toBe('string')
    expect(commands.find((c) => c.command === 'PlaceOrder' && c.aggregate === 'Order')?.policyOnly).toBe(true)
  })
})

describe('make a spec, record, run from the editor', () => {
  it('makes a spec from a command in the workspace, and it passes when run unsaved in scratch, with the scratch log', async () => {
    const { api } = await open()
    await api.dispatch({ actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    await api.dispatch({ actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
    const spec = value(await api.flows.fromLog(2))
    expect(spec.file).toBe('spec-create-opportunity-o-at-2.flow.json')
    expect(spec.flow.steps[0]).toMatchObject({ given: [{ stream: 'Customer-acme', type: 'CustomerRegistered' }] })
    const report = value(await api.flows.run(spec.flow as never))
    expect(report).toMatchObject({ ok: true, written: false })
    expect(report.log!.map((e) => [e.position, e.type])).toEqual([[1, 'CustomerRegistered'], [2, 'OpportunityCreated']])
    expect(report.steps.map((s) => s.position)).toEqual([1, 2])
    expect(await api.flows.fromLog(9)).toMatchObject({ ok: false, error: { code: 'SPEC_NO_EVENT', details: { field: 'position' } } })
  })

  it('records the commands sent between start and stop as a flow in the workspace flows/, which passes', async () => {
    const { api, workspace } = await open()
    await api.dispatch({ actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    expect(value(await api.flows.record({ action: 'start' }))).toEqual({ recording: true, from: 1, commands: 0 })
    await api.dispatch({ actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
    await api.dispatch({ actor: 'rep', command: 'QualifyOpportunity', data: { opportunityId: 'o' } })
    expect(value(await api.flows.record({ action: 'status' }))).toEqual({ recording: true, from: 1, commands: 2 })
    const stopped = value(await api.flows.record({ action: 'stop', name: 'Qualify a deal' }))
    expect(stopped).toMatchObject({ recording: false, from: 1, commands: 2, file: 'recorded-at-2.flow.json' })
    expect(stopped.flow!.steps).toMatchObject([
      { given: [{ stream: 'Customer-acme', type: 'CustomerRegistered', actor: 'rep' }] },
      { actor: 'rep', command: 'CreateOpportunity', expect: { events: [{ type: 'OpportunityCreated' }] } },
      { actor: 'rep', command: 'QualifyOpportunity', expect: { events: [{ type: 'OpportunityQualified' }] } },
    ])
    expect(existsSync(join(workspace.dir, 'flows', 'recorded-at-2.flow.json'))).toBe(true)
    expect(value(await api.flows.run('recorded-at-2.flow.json', 'scratch')).ok).toBe(true)
    expect(value(await api.flows.record({ action: 'status' }))).toEqual({ recording: false })
    expect(await api.flows.record({ action: 'stop' })).toMatchObject({ ok: false, error: { code: 'NOT_RECORDING' } })
  })
})

describe('storm.export', () => {
  it('exports a selection with the CLI exporters: text formats as text, png as base64, flow as a flow file', async () => {
    const { api } = await open()
    await api.dispatch({ actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } })
    await api.dispatch({ actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o', customerId: 'acme', name: 'Deal', kind: 'new', amount: '100', closeDate: '2027-03-01', salesOwner: 'rep' } })
    const md = value(await api.storm.export({ format: 'md' }))
    expect(md).toMatchObject({ mime: 'text/markdown', text: expect.stringContaining('CreateOpportunity') })
    const png = value(await api.storm.export({ format: 'png', positions: [2] }))
    expect(Buffer.from(png.base64!, 'base64').subarray(1, 4).toString()).toBe('PNG')
    const flow = value(await api.storm.export({ format: 'flow', from: 2 }))
    expect(flow.fileName).toMatch(/\.flow\.json$/)
    expect(JSON.parse(flow.text!).steps).toMatchObject([{ given: [{ stream: 'Customer-acme' }] }, { command: 'CreateOpportunity' }])
    expect(await api.storm.export({ format: 'svg', positions: [99] })).toMatchObject({ ok: false, error: { code: 'NOTHING_SELECTED' } })
  })
})

describe('flows.export', () => {
  it('exports a flow’s own storm, its hotspot listed as open in the design document and drawn in the SVG', async () => {
    const { api, workspace } = await open()
    const md = value(await api.flows.export({ file: 'sales-funnel.flow.json', format: 'md' }))
    expect(md).toMatchObject({ fileName: 'the-sales-funnel-prospecting-to-won-with-the-stage-rules.md', mime: 'text/markdown' })
    expect(md.text).toContain('#### Opportunity aggregate')
    expect(md.text).toMatch(/## Open hotspots\n\n- At event \d+: Who may reopen a won deal, and must finance hear about it\?/)
    const svg = value(await api.flows.export({ file: 'sales-funnel.flow.json', format: 'svg' }))
    expect(svg.text).toContain('class="sticky hotspot"')
    const draft = { flow: 'Draft', steps: [register, { hotspot: 'Is Acme a partner?' }] }
    const png = value(await api.flows.export({ flow: draft, format: 'png' }))
    expect(png.fileName).toBe('draft.png')
    expect(Buffer.from(png.base64!, 'base64').subarray(1, 4).toString()).toBe('PNG')
    expect(await api.flows.export({ flow: { flow: 'Bad', steps: [{ advance: 'soon' }] }, format: 'md' })).toMatchObject({ ok: false, error: { code: 'FLOW_INVALID', details: { field: 'steps[0].advance' } } })
    expect(workspace.engine.store.lastPosition).toBe(0)
  })
})
