import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { WebSocket } from 'ws'
import { sales } from '../../../domain/sales/index.ts'
import { SystemClock } from '../../../main/app/clock.ts'
import { Engine } from '../../../main/app/engine.ts'
import { ManualQuotes } from '../../../main/app/quotes.ts'
import { startHost, type Host } from '../../../main/host/host.ts'
import type { ServerMessage } from '../../../main/ipc/contract.ts'
import { launchBrowser } from '../../e2e/browser.ts'
import { BulkLogStore } from '../bulk-store.ts'
import { measureTimeline, type TimelineFigures } from './timeline.ts'
import { log, median, now, quantile } from '../util.ts'
import { EditFeed, openDeals, seedDeals } from '../workload.ts'

const run = promisify(execFile)

/**
 * The browser-mode figures: the built renderer served by the real host (`startHost`), driven by Debian's
 * Chromium through Playwright (the same launch as the e2e tests), and the host's WebSocket API spoken by
 * a plain `ws` client in this process.
 */

/** Where Chromium is expected; `null` when it is not installed (the UI figures are then skipped). */
export function chromiumAvailable(): string | null {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  return existsSync(path) ? path : null
}

/**
 * Builds the renderer from the current sources into `outDir` (vite, a few seconds), so the figures never
 * time a stale `out/renderer`.
 */
export async function buildRenderer(repoRoot: string, outDir: string): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')
  await run(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 })
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build left no index.html in ${outDir}`)
}

/**
 * A workspace with `deals` open opportunities (all in Prospecting, one column) and `customers` customers,
 * written fast through the engine on the bench's bulk store.
 */
export async function buildOpenDeals(dir: string, customers: number, deals: number, seed: number): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const store = new BulkLogStore(join(dir, 'events.jsonl'))
  const engine = new Engine({ contexts: [sales], store, clock: new SystemClock(), quotes: new ManualQuotes(), settings: {}, cacheSize: Number.POSITIVE_INFINITY })
  await seedDeals(engine, customers, deals, seed)
  await engine.close()
}

/** The predicate, run in the page on every animation frame, that says the Pipeline board is interactive. */
function boardInteractive(): number | false {
  const name = document.querySelector('[data-testid="workspace-name"]')
  if (!name || name.textContent === 'Opening…') return false
  // Cards rendered in a column: Opportunities has answered, the columns are laid out and virtualized.
  if (!document.querySelector('.board [data-testid="card"]')) return false
  // The filters are there and enabled, with the owners of the loaded deals in them.
  const owner = document.querySelector<HTMLSelectElement>('[data-testid="filter-owner"]')
  if (!owner || owner.disabled || owner.options.length < 2) return false
  return performance.now()
}

/** uiOpenMs: navigation start → board interactive, for each load. */
export interface UiOpenFigures {
  uiOpenMs: number
  loads: number[]
  /** The Navigation Timing marks of the median load (ms from navigation start). */
  responseEndMs: number
  domContentLoadedMs: number
  cards: number
}

/**
 * Loads the page `loads` times, each in a fresh browser context (no cache, a new renderer process), and
 * times navigation start → interactive board on the page's own clock (`performance.now()` counts from
 * navigation start), polled once per animation frame.
 */
export async function measureUiOpen(browser: Browser, host: Host, loads: number): Promise<UiOpenFigures> {
  const results: Array<{ ms: number; responseEnd: number; dcl: number; cards: number }> = []
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
    try {
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      await page.goto(host.url, { waitUntil: 'commit' })
      const handle = await page.waitForFunction(boardInteractive, undefined, { polling: 'raf', timeout: 60_000 })
      const ms = (await handle.jsonValue()) as number
      const marks = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
        return { responseEnd: nav?.responseEnd ?? NaN, dcl: nav?.domContentLoadedEventEnd ?? NaN, cards: document.querySelectorAll('[data-testid="card"]').length }
      })
      if (problems.length > 0) throw new Error(`uiOpen: errors in the page: ${problems.join('; ')}`)
      results.push({ ms, ...marks })
      log(`ui open ${i + 1}/${loads}: ${ms.toFixed(0)} ms to an interactive board (${marks.cards} cards rendered)`)
    } finally {
      await context.close()
    }
  }
  const sorted = [...results].sort((a, b) => a.ms - b.ms)
  const mid = sorted[Math.floor(sorted.length / 2)]
  return { uiOpenMs: mid.ms, loads: results.map((r) => r.ms), responseEndMs: mid.responseEnd, domContentLoadedMs: mid.dcl, cards: mid.cards }
}

/** roundTripP50Ms and its in-process baseline. */
export interface RoundTripFigures {
  roundTripP50Ms: number
  roundTripP95Ms: number
  inProcessP50Ms: number
  inProcessP95Ms: number
  samples: number
}

/** A `ws` client of the host's API: `{id, method, params}` out, `{type: 'response', id, result}` back. */
async function connect(host: Host): Promise<{ call(method: string, params: unknown): Promise<ServerMessage & { type: 'response' }>; close(): void }> {
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api?token=${encodeURIComponent(host.token)}`)
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done())
    socket.once('error', fail)
  })
  const pending = new Map<number, { resolve(message: ServerMessage & { type: 'response' }): void; reject(error: Error): void }>()
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as ServerMessage
    if (message.type === 'response') {
      pending.get(message.id)?.resolve(message)
      pending.delete(message.id)
    } else if (message.type === 'error') {
      const error = new Error(`the host refused a bench message: ${message.error.code} ${message.error.message}`)
      for (const call of pending.values()) call.reject(error)
      pending.clear()
    }
  })
  let nextId = 1
  return {
    call(method, params) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        socket.send(JSON.stringify({ id, method, params }))
      })
    },
    close: () => socket.close(),
  }
}

/**
 * `samples` sequential UpdateOpportunity dispatches over the WebSocket (send → response), alternating
 * with the same dispatch made in process on the host's own engine, after `warmup` of each: medians.
 * Both are durable (one fdatasync each); the difference is the bridge: JSON, the socket, zod, the API.
 */
export async function measureRoundTrip(host: Host, samples: number, warmup: number): Promise<RoundTripFigures> {
  const engine = host.workspace.engine
  const feed = new EditFeed(openDeals(engine), 41)
  const client = await connect(host)
  const times = { socket: [] as number[], local: [] as number[] }
  try {
    for (let i = 0; i < warmup + samples; i++) {
      for (const path of i % 2 === 0 ? (['socket', 'local'] as const) : (['local', 'socket'] as const)) {
        const command = feed.next()
        const start = now()
        if (path === 'socket') {
          const { result } = await client.call('dispatch', command)
          const took = now() - start
          if (!result.ok) throw new Error(`round trip: ${result.error.code} ${result.error.message}`)
          if (i >= warmup) times.socket.push(took)
        } else {
          const result = await engine.dispatch(command)
          const took = now() - start
          if (!result.ok) throw new Error(`in-process dispatch: ${result.error.code} ${result.error.message}`)
          if (i >= warmup) times.local.push(took)
        }
      }
    }
  } finally {
    client.close()
  }
  return {
    roundTripP50Ms: median(times.socket),
    roundTripP95Ms: quantile(times.socket, 0.95),
    inProcessP50Ms: median(times.local),
    inProcessP95Ms: quantile(times.local, 0.95),
    samples,
  }
}

/** Frame times while a column of thousands of cards is scrolled. */
export interface ScrollFigures {
  frames: number
  p95FrameMs: number
  medianFrameMs: number
  maxFrameMs: number
  droppedFrames: number
  fps: number
  columnCards: number
  cardsInDom: number
  openMs: number
}

/**
 * Opens the board on a workspace of thousands of open deals, then scrolls the Prospecting column by
 * `step` px on each of `frames` animation frames (in the page, so nothing waits on Playwright) and
 * records the rAF timestamps. A dropped frame is one interval's worth of 16.7 ms beyond the first.
 */
export async function measureScroll(browser: Browser, host: Host, frames: number, step: number): Promise<ScrollFigures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
  try {
    const page = await context.newPage()
    await page.goto(host.url, { waitUntil: 'commit' })
    const openMs = (await (await page.waitForFunction(boardInteractive, undefined, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number
    // A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a helper
    // that does not exist in the page.
    const result = (await page.evaluate(`new Promise((done) => {
      const column = document.querySelector('[data-testid="column-prospecting"]')
      const body = column.querySelector('.column-body')
      const stamps = []
      let maxCards = 0
      const tick = (t) => {
        stamps.push(t)
        maxCards = Math.max(maxCards, column.querySelectorAll('[data-testid="card"]').length)
        if (stamps.length > ${frames}) {
          done({ stamps, scrolled: body.scrollTop, cardsInDom: maxCards, count: column.querySelector('[data-testid="column-count"]')?.textContent ?? '' })
          return
        }
        body.scrollTop += ${step}
        requestAnimationFrame(tick)
      }
      // Two idle frames first, so the first interval is not the page settling.
      requestAnimationFrame(() => requestAnimationFrame(tick))
    })`)) as { stamps: number[]; scrolled: number; cardsInDom: number; count: string }
    if (result.scrolled < step * frames * 0.9) throw new Error(`scroll: the column scrolled ${result.scrolled} px, expected about ${step * frames}`)
    const intervals = result.stamps.slice(1).map((t, i) => t - result.stamps[i])
    const FRAME = 1000 / 60
    const dropped = intervals.reduce((n, d) => n + Math.max(0, Math.round(d / FRAME) - 1), 0)
    const span = result.stamps[result.stamps.length - 1] - result.stamps[0]
    return {
      frames: intervals.length,
      p95FrameMs: quantile(intervals, 0.95),
      medianFrameMs: median(intervals),
      maxFrameMs: Math.max(...intervals),
      droppedFrames: dropped,
      fps: (intervals.length / span) * 1000,
      columnCards: Number(result.count.replace(/\D/g, '')),
      cardsInDom: result.cardsInDom,
      openMs,
    }
  } finally {
    await context.close()
  }
}

/** Everything the browser-mode section measures. */
export interface UiFigures {
  open: UiOpenFigures
  roundTrip: RoundTripFigures
  scroll: ScrollFigures
  timeline: TimelineFigures
  buildMs: number
  hostOpenMs: number
}

/**
 * The browser-mode section: `uiDir` holds a built sales log (the host's first open verifies it and writes
 * checkpoints; that is not timed here), `scrollDir` is made here with `openDeals` open deals.
 */
export async function measureUi(options: { repoRoot: string; workDir: string; uiDir: string; openDeals: number; seed: number }): Promise<UiFigures> {
  const rendererDir = join(options.workDir, 'renderer')
  let start = now()
  log('ui: building the renderer (vite)…')
  await buildRenderer(options.repoRoot, rendererDir)
  const buildMs = now() - start
  const browser = await launchBrowser()
  try {
    start = now()
    let host = await startHost({ workspaceDir: options.uiDir, rendererDir })
    const hostOpenMs = now() - start
    let open: UiOpenFigures
    let roundTrip: RoundTripFigures
    let timeline: TimelineFigures
    try {
      log(`ui: host up in ${(hostOpenMs / 1000).toFixed(1)} s; timing 3 page loads…`)
      open = await measureUiOpen(browser, host, 3)
      log('ui: 300 dispatches over the WebSocket, alternating with 300 in process…')
      roundTrip = await measureRoundTrip(host, 300, 30)
      log('ui: the storm view: 3 opens, panning, 100 scrubs of the replay cursor…')
      timeline = await measureTimeline(browser, host, { opens: 3, panFrames: 300, scrubs: 100, seed: options.seed })
    } finally {
      await host.close()
    }
    const scrollDir = join(options.workDir, 'ui-open-deals')
    log(`ui: a workspace with ${options.openDeals.toLocaleString('en-US')} open deals, then scrolling its column…`)
    await buildOpenDeals(scrollDir, 200, options.openDeals, options.seed)
    host = await startHost({ workspaceDir: scrollDir, rendererDir })
    let scroll: ScrollFigures
    try {
      scroll = await measureScroll(browser, host, 300, 60)
    } finally {
      await host.close()
    }
    return { open, roundTrip, scroll, timeline, buildMs, hostOpenMs }
  } finally {
    await browser.close()
  }
}
