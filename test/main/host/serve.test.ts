import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as workspaces from '../../../main/app/workspace.ts'
import { startHost, type Host } from '../../../main/host/host.ts'
import { openFailureNotes, openNotes, parseServeArgs } from '../../../main/host/serve-args.ts'
import { tempDir } from '../../support/workspace.ts'

vi.mock('../../../main/app/workspace.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/app/workspace.ts')>()
  return { ...real, openWorkspace: vi.fn(real.openWorkspace) }
})

const hosts: Host[] = []
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close()
})

describe('serve’s command line', () => {
  it('reads --port, --workspace, --read-only and --take-over', () => {
    expect(parseServeArgs(['--port', '4321', '--workspace', '/w/acme', '--take-over'])).toEqual({ port: 4321, workspaceDir: '/w/acme', readOnly: false, takeOver: true })
    expect(parseServeArgs(['--read-only', '--workspace', '/w/acme'])).toMatchObject({ readOnly: true, takeOver: false })
  })

  it('refuses a bad port, an unknown flag, and --read-only with --take-over', () => {
    expect(parseServeArgs(['--port', 'http'])).toMatchObject({ error: expect.stringContaining('--port') })
    expect(parseServeArgs(['--steal'])).toMatchObject({ error: expect.stringContaining('Usage') })
    expect(parseServeArgs(['--read-only', '--take-over'])).toMatchObject({ error: expect.stringContaining('--take-over') })
  })
})

describe('what serve says about opening', () => {
  it('says when it moved a torn tail aside, and where', () => {
    expect(openNotes({ tornFile: '/w/events.jsonl.torn-1', tornBytes: 17 }, false)).toEqual([expect.stringMatching(/half-written line \(17 bytes.*moved aside to \/w\/events\.jsonl\.torn-1/)])
    expect(openNotes({ tornBytes: 17 }, true)[0]).toMatch(/left in place/)
    expect(openNotes({}, false)).toEqual([])
    expect(openNotes({ corrupt: { line: 3, reason: 'crc' } }, true)).toEqual([expect.stringContaining('damaged at line 3')])
  })

  it('names --take-over when another process holds the lock', () => {
    expect(openFailureNotes('/w', { code: 'WORKSPACE_LOCKED', message: 'locked' }).join('\n')).toMatch(/--take-over/)
  })
})

describe('startHost', () => {
  it('passes takeOver: true through to the open options only when asked', async () => {
    const dir = join(tempDir(), 'ws')
    const first = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    await first.close()
    hosts.push(await startHost({ workspaceDir: dir, rendererDir: tempDir(), takeOver: true }))
    const asked = vi.mocked(workspaces.openWorkspace).mock.calls.map(([, options]) => (options as { takeOver?: boolean }).takeOver)
    expect(asked).toEqual([undefined, true])
  })

  it('reports the torn tail it moved aside in the workspace report', async () => {
    const dir = join(tempDir(), 'ws')
    const first = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    await first.workspace.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c', name: 'C' } })
    await first.close()
    appendFileSync(join(dir, 'events.jsonl'), '{"position":2,"ty')
    const h = await startHost({ workspaceDir: dir, rendererDir: tempDir() })
    hosts.push(h)
    expect(h.workspace.report).toMatchObject({ tornFile: expect.stringContaining('events.jsonl.torn-'), tornBytes: 17 })
    expect(openNotes(h.workspace.report, false)[0]).toContain(h.workspace.report.tornFile)
  })
})
