import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { runFlowFile, runFlowText } from '../../../main/flows/run-flow-file.ts'
import { tempDir } from '../../support/workspace.ts'

const opened: Workspace[] = []
afterEach(async () => {
  while (opened.length) await opened.pop()!.close()
})

async function workspace(settings?: Record<string, unknown>): Promise<Workspace> {
  const ws = await openWorkspace(tempDir(), { contexts, clock: new SystemClock() })
  if (settings) await ws.updateSettings(settings)
  opened.push(ws)
  return ws
}

const sample = (file: string) => readFileSync(`flows/${file}`, 'utf8')
const register = { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }
const create = { actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '10', closeDate: '2027-03-31', salesOwner: 'rep' } }

describe('one way to run a flow, for the app and the CLI', () => {
  it("checks the bounced withdrawal on its own manual wire, whatever the workspace's wire", async () => {
    const ws = await workspace({ wire: 'auto' })
    const report = await runFlowText(sample('trading-bounced-withdrawal.flow.json'), { contexts })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    const into = await runFlowText(sample('trading-bounced-withdrawal.flow.json'), { contexts, into: ws.engine })
    expect(into).toMatchObject({ ok: true, written: true })
    expect(ws.engine.settings.wire).toBe('auto')
  })

  it('checks in a scratch log: nothing is written, hotspots stay in the report', async () => {
    const report = await runFlowText(JSON.stringify({ flow: 'f', steps: [register, { hotspot: 'why?' }] }), { contexts })
    expect(report).toMatchObject({ ok: true, written: false, hotspots: [{ note: 'why?', position: 1, step: 1 }] })
    expect(report.steps[1].events).toEqual([])
  })

  it('writes exactly the events of the trial into the workspace, with the flow clock and positions', async () => {
    const ws = await workspace()
    await ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'other', name: 'Other' } })
    const report = await runFlowText(JSON.stringify({ flow: 'f', steps: [register, create] }), { contexts, into: ws.engine })
    expect(report).toMatchObject({ ok: true, written: true })
    expect(report.steps.map((s) => s.position)).toEqual([2, 3])
    const events = ws.engine.store.readRange(2, 3)
    expect(events.map((e) => [e.type, e.at, e.meta.actor])).toEqual([
      ['CustomerRegistered', '2027-01-04T09:00:00.000Z', 'rep'],
      ['OpportunityCreated', '2027-01-04T09:00:00.000Z', 'rep'],
    ])
    expect(ws.engine.query('Pipeline', {}).ok).toBe(true)
  })

  it('run into a workspace a second time writes nothing and names the ids that already exist', async () => {
    const ws = await workspace()
    const text = JSON.stringify({ flow: 'twice', steps: [register, create, { actor: 'rep', command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } }] })
    expect(await runFlowText(text, { contexts, into: ws.engine })).toMatchObject({ ok: true, written: true })
    const written = ws.engine.store.lastPosition
    const again = await runFlowText(text, { contexts, into: ws.engine })
    expect(again).toMatchObject({ ok: false, written: false })
    expect(again.conflicts).toEqual(['customer acme already exists', 'opportunity o-1 already exists'])
    expect(ws.engine.store.lastPosition).toBe(written)
  })

  it('writes nothing when a later step fails, keeping the steps that succeeded out of the log', async () => {
    const ws = await workspace()
    const text = JSON.stringify({ flow: 'late', steps: [register, { ...create, expect: { rejected: 'NOT_QUALIFIED' } }] })
    const report = await runFlowText(text, { contexts, into: ws.engine })
    expect(report).toMatchObject({ ok: false, written: false, conflicts: [] })
    expect(ws.engine.store.lastPosition).toBe(0)
  })

  it('raises a real hotspot in a workspace, by the facilitator, pinned to the position of that point', async () => {
    const ws = await workspace()
    const flow = parseFlow(JSON.stringify({ flow: 'Hot spots', steps: [register, { hotspot: 'Who decides?' }] }))
    const report = await runFlowFile(flow, { contexts, into: ws.engine, facilitator: 'fran' })
    expect(report.ok).toBe(true)
    const raised = ws.engine.store.readRange(2, 2)[0]
    expect(raised).toMatchObject({ type: 'HotspotRaised', stream: 'Hotspot-hot-spots-2', data: { text: 'Who decides?', anchor: { position: 1 } }, meta: { actor: 'fran', command: 'RaiseHotspot' } })
    const again = await runFlowFile(parseFlow(JSON.stringify({ flow: 'Hot spots', steps: [{ hotspot: 'x' }, { hotspot: 'Who decides?' }] })), { contexts, into: ws.engine })
    expect(again).toMatchObject({ ok: false, written: false, conflicts: ['hotspot hot-spots-2 already exists'] })
  })

  it('refuses to run into a read-only workspace', async () => {
    const dir = tempDir()
    const first = await openWorkspace(dir, { contexts, clock: new SystemClock() })
    await first.close()
    const ro = await openWorkspace(dir, { contexts, clock: new SystemClock(), readOnly: true })
    opened.push(ro)
    await expect(runFlowText(JSON.stringify({ flow: 'f', steps: [register] }), { contexts, into: ro.engine })).rejects.toMatchObject({ code: 'READ_ONLY' })
  })
})
