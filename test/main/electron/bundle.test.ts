import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/workspace.ts'

const root = resolve(import.meta.dirname, '../../..')
const bin = (name: string) => join(root, 'node_modules', '.bin', name)

/** Runs the package's own build:main script, with its output sent to `outdir`. */
function buildMain(outdir: string): void {
  const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['build:main']
  const [command, ...args] = script.split(/\s+/)
  expect(command).toBe('esbuild')
  execFileSync(bin('esbuild'), args.map((a) => (a.startsWith('--outdir=') ? `--outdir=${outdir}` : a)), { cwd: root, stdio: 'pipe' })
}

describe('npm run build:main', () => {
  // built once for both tests (tempDir() folders are removed after each test)
  let out = ''
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'stormbook-bundle-'))
    buildMain(out)
  })
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('bundles a preload that needs nothing but electron (a sandboxed preload cannot load Node modules)', () => {
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8')
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])
    expect(preload).not.toMatch(/zod|lowdb/)
  })

  it('bundles a main process that starts in Node: default workspace opened, calls answered, forged senders refused', () => {
    const userData = tempDir()
    const appPath = tempDir()
    const stdout = execFileSync(bin('tsx'), [join(import.meta.dirname, 'bundle-child.ts'), join(out, 'main.cjs'), userData, appPath], { cwd: root, encoding: 'utf8', timeout: 15_000 })
    const result = JSON.parse(stdout)
    expect(result.lockAsked).toEqual({ workspace: null })
    expect(result.channels).toEqual(['stormbook:call'])
    expect(result.windows).toHaveLength(1)
    expect(result.windows[0].loaded).toEqual([join(appPath, 'out', 'renderer', 'index.html')])
    expect(result.windows[0].webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(appPath, 'out', 'main', 'preload.cjs') })
    expect(result.info).toMatchObject({ ok: true, value: { dir: join(userData, 'workspaces', 'default'), readOnly: false } })
    expect(result.dispatched).toMatchObject({ ok: true, value: { position: 1 } })
    expect(result.forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(result.pushed).toBe(1)
    expect(result.errors).toEqual([])
  }, 30_000)
})
