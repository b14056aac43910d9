import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../support/workspace.ts'

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

/** Runs the CLI as a person would (`npx tsx main/cli/index.ts …`): exit code, stdout and stderr. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('npx', ['tsx', 'main/cli/index.ts', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stdout, stderr })
    })
  })
}

const STACK_LINE = /^\s+at .+[(:]\d+/m

describe('the CLI never prints a stack trace', () => {
  it('answers a flow whose expect.result is nested thousands deep with INPUT_TOO_DEEP and exit 2; a folder named events.jsonl with LOG_NOT_A_FILE / LOG_UNREADABLE and exit 2', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const deep = '['.repeat(20_000) + '1' + ']'.repeat(20_000)
    const flow = join(dir, 'deep.flow.json')
    writeFileSync(flow, `{"flow":"deep","steps":[{"query":"Pipeline","expect":{"result":${deep}}}]}`)
    const ws = join(dir, 'ws')
    mkdirSync(join(ws, 'events.jsonl'), { recursive: true })
    const plain = join(dir, 'plain.flow.json')
    writeFileSync(plain, JSON.stringify({ flow: 'one', steps: [{ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }] }))

    const [deepRun, verifyFolder, flowIntoFolder, verifyJson] = await Promise.all([
      cli('flow', 'run', flow),
      cli('log', 'verify', ws),
      cli('flow', 'run', plain, '--workspace', ws),
      cli('log', 'verify', ws, '--json'),
    ])
    for (const run of [deepRun, verifyFolder, flowIntoFolder, verifyJson]) {
      expect(run.stderr, 'no stack trace').not.toMatch(STACK_LINE)
      expect(run.code, run.stderr).toBe(2)
    }
    expect(deepRun.stderr).toMatch(/^stormbook: INPUT_TOO_DEEP: .*nested too deeply/m)
    expect(verifyFolder.stderr).toMatch(/^stormbook: LOG_NOT_A_FILE: .*events\.jsonl is not a file/m)
    expect(flowIntoFolder.stdout + flowIntoFolder.stderr).toMatch(/LOG_UNREADABLE.*events\.jsonl/)
    expect(JSON.parse(verifyJson.stdout)).toMatchObject({ ok: false, error: { code: 'LOG_NOT_A_FILE', details: { path: join(ws, 'events.jsonl') } } })
  })

  it('prints the exit codes in its help', async () => {
    const help = await cli('help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*check failed.*\n\s+2 .*bad input/)
    expect(help.stdout).toContain('--deep')
  })
})
