import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contexts } from '../../../main/app/contexts.ts'
import { Registry } from '../../../main/app/registry.ts'
import { FlowLibrary } from '../../../main/flows/library.ts'
import { SAMPLE_FLOWS } from '../../support/sample-logs.ts'
import { tempDir } from '../../support/workspace.ts'

const registry = new Registry(contexts)
const library = (workspaceDir: string | null, samplesDir = SAMPLE_FLOWS) => new FlowLibrary({ samplesDir, workspaceDir, registry, now: () => '2027-01-04T09:00:00.000Z' })
const mine = { flow: 'Mine', steps: [{ actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }] }

describe('the flow library', () => {
  it("lets a workspace flow of a sample's name hide the sample, and edits it as the workspace's own", () => {
    const ws = tempDir()
    mkdirSync(join(ws, 'flows'))
    copyFileSync(join(SAMPLE_FLOWS, 'sales-funnel.flow.json'), join(ws, 'flows', 'sales-funnel.flow.json'))
    const listed = library(ws).list().filter((f) => f.file === 'sales-funnel.flow.json')
    expect(listed).toMatchObject([{ source: 'workspace', readOnly: false }])
    expect(library(ws).save('sales-funnel.flow.json', mine)).toMatchObject({ name: 'Mine', source: 'workspace' })
    expect(JSON.parse(readFileSync(join(SAMPLE_FLOWS, 'sales-funnel.flow.json'), 'utf8')).flow).not.toBe('Mine')
  })

  it('lists no samples twice when the samples folder is the workspace own, and leaves malformed files out', () => {
    const ws = tempDir()
    mkdirSync(join(ws, 'flows'))
    writeFileSync(join(ws, 'flows', 'broken.flow.json'), '{"flow": ')
    writeFileSync(join(ws, 'flows', 'mine.flow.json'), JSON.stringify(mine))
    expect(library(ws, join(ws, 'flows')).list().map((f) => [f.file, f.source])).toEqual([['mine.flow.json', 'workspace']])
    expect(() => library(ws).read('broken.flow.json')).toThrow(expect.objectContaining({ code: 'FLOW_INVALID', details: expect.objectContaining({ field: '(file)' }) }))
  })

  it('writes atomically: no temporary file is left, and the results file is not listed', () => {
    const ws = tempDir()
    const lib = library(ws)
    lib.save('mine.flow.json', mine)
    lib.recordResult('mine.flow.json', { flow: 'Mine', ok: false, steps: [{ ok: false }, { ok: true }] as never, hotspots: [] })
    expect(readdirSync(join(ws, 'flows')).sort()).toEqual(['.results.json', 'mine.flow.json'])
    expect(lib.list().find((f) => f.file === 'mine.flow.json')?.lastResult).toEqual({ passed: false, failedSteps: 1, at: '2027-01-04T09:00:00.000Z' })
  })

  it('has no folder to save into for a workspace in memory, and refuses names that are not flow files', () => {
    expect(() => library(null).save('mine.flow.json', mine)).toThrow(expect.objectContaining({ code: 'NO_WORKSPACE_FOLDER' }))
    expect(library(null).list().length).toBe(7)
    expect(() => library(tempDir()).save('../up.flow.json', mine)).toThrow(expect.objectContaining({ code: 'INVALID_FLOW_NAME', details: { field: 'file' } }))
  })
})
