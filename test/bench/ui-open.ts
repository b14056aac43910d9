/**
 * uiOpenMs alone, for iterating on the first open without the whole bench:
 * `npx tsx test/bench/ui-open.ts [--loads N] [--build] [--at-once] [name=rendererDir ...]`.
 *
 * The 100,000-event workspace (the bench's workload, seed 7) is built once under
 * `.bench-work/ui-open/workspace` and kept. Each renderer given (a `vite build --outDir` folder; with
 * `--build`, or none given, the current sources are built into `.bench-work/ui-open/current`) gets its own
 * host over its own copy of the workspace, and the loads alternate between them, so builds compared in one
 * run share the machine's load. The loads start once the hosts have built their time-travel states
 * (`--at-once`: right away, as the bench does). Prints each build's loads and median, and the load average.
 */
import { cpSync, existsSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHost, type Host } from '../../main/host/host.ts'
import { launchBrowser } from '../e2e/browser.ts'
import { buildRenderer, measureUiOpen } from './figures/ui.ts'
import { fmt, log, median } from './util.ts'
import { buildSalesLog } from './workload.ts'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const base = join(repoRoot, '.bench-work', 'ui-open')
const UI_EVENTS = 100_000

const args = process.argv.slice(2)
let loads = 6
let build = false
let atOnce = false
const renderers: Array<{ name: string; dir: string }> = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--loads') loads = Number(args[++i])
  else if (args[i] === '--build') build = true
  else if (args[i] === '--at-once') atOnce = true
  else {
    const [name, dir] = args[i].split('=', 2)
    if (!dir) throw new Error(`expected name=rendererDir, not ${args[i]}`)
    renderers.push({ name, dir: resolve(dir) })
  }
}
if (build || renderers.length === 0) {
  const dir = join(base, 'current')
  log('building the current renderer…')
  await buildRenderer(repoRoot, dir)
  renderers.push({ name: 'current', dir })
}

const workspace = join(base, 'workspace')
if (!existsSync(join(workspace, 'checkpoints'))) {
  rmSync(workspace, { recursive: true, force: true })
  log(`building the ${fmt(UI_EVENTS)}-event workspace…`)
  await buildSalesLog(workspace, UI_EVENTS, 7)
  // The first open verifies the log and writes checkpoints, as the bench's host does before timing.
  const host = await startHost({ workspaceDir: workspace, rendererDir: renderers[0].dir })
  await host.close()
}

const hosts: Host[] = []
const browser = await launchBrowser()
try {
  for (const [i, renderer] of renderers.entries()) {
    const copy = join(base, `copy-${i}`)
    rmSync(copy, { recursive: true, force: true })
    cpSync(workspace, copy, { recursive: true })
    hosts.push(await startHost({ workspaceDir: copy, rendererDir: renderer.dir }))
  }
  // The hosts build their time-travel states in the background after opening; comparing builds, the
  // loads wait for that (the bench's first loads do not: its figure includes the host being busy).
  if (!atOnce) await Promise.all(hosts.map((host) => host.workspace.engine.timeTravelReady()))
  const times = renderers.map(() => [] as number[])
  const before = loadavg()
  for (let round = 0; round < loads; round++) {
    for (const [i, host] of hosts.entries()) {
      const figures = await measureUiOpen(browser, host, 1)
      times[i].push(figures.uiOpenMs)
    }
  }
  const after = loadavg()
  for (const [i, renderer] of renderers.entries()) {
    process.stdout.write(`${renderer.name.padEnd(12)} median ${fmt(median(times[i]))} ms  loads ${times[i].map((t) => fmt(t)).join(' / ')}\n`)
  }
  process.stdout.write(`load average (1 min) ${before[0].toFixed(2)} → ${after[0].toFixed(2)}\n`)
} finally {
  for (const host of hosts) await host.close()
  await browser.close()
}
