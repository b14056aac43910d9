import type { Browser } from 'playwright-core'
import { WebSocket } from 'ws'
import type { Host } from '../../../main/host/host.ts'
import { shellReady } from '../../e2e/browser.ts'
import { median, quantile } from '../util.ts'

/** The storm view's figures: its first paint, panning it, and scrubbing the replay cursor. */
export interface TimelineFigures {
  /** Key `3` pressed on a loaded app → the first storm column painted. */
  timelineOpenMs: number
  opens: number[]
  /** Panning the storm 60 px a frame. */
  panP95FrameMs: number
  panMedianFrameMs: number
  panFrames: number
  columnsInDom: number
  /** A random cursor position → every read model the Pipeline screen shows, as of there (over the WebSocket). */
  scrubP95Ms: number
  scrubMedianMs: number
  scrubs: number
}

/** The read models the Pipeline screen asks for (renderer/pipeline/store.ts refresh). */
const PIPELINE_QUERIES = ['Opportunities', 'Customers', 'RevenueAtRisk'] as const

/**
 * Opens the app `opens` times in fresh contexts and times the Timeline's storm from the key press to its
 * first column on the page's clock; then pans it on animation frames; then scrubs the cursor to random
 * positions asking the Pipeline screen's queries as of each, as the replay does.
 */
export async function measureTimeline(browser: Browser, host: Host, options: { opens: number; panFrames: number; scrubs: number; seed: number }): Promise<TimelineFigures> {
  const opens: number[] = []
  let pan = { intervals: [] as number[], columnsInDom: 0 }
  for (let i = 0; i < options.opens; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
    try {
      const page = await context.newPage()
      await page.goto(host.url)
      await shellReady(page)
      const started = (await page.evaluate('performance.now()')) as number
      await page.keyboard.press('3')
      const painted = (await (await page.waitForFunction(() => (document.querySelector('[data-testid="storm-column"]') ? performance.now() : false), undefined, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number
      opens.push(painted - started)
      if (i === options.opens - 1) {
        // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
        pan = (await page.evaluate(`new Promise((done) => {
          const storm = document.querySelector('[data-testid="storm"]')
          const stamps = []
          let most = 0
          const tick = (t) => {
            stamps.push(t)
            most = Math.max(most, storm.querySelectorAll('[data-testid="storm-column"]').length)
            if (stamps.length > ${options.panFrames}) {
              done({ intervals: stamps.slice(1).map((s, k) => s - stamps[k]), columnsInDom: most })
              return
            }
            storm.scrollLeft += 60
            requestAnimationFrame(tick)
          }
          requestAnimationFrame(() => requestAnimationFrame(tick))
        })`)) as { intervals: number[]; columnsInDom: number }
      }
    } finally {
      await context.close()
    }
  }
  const scrubs = await scrub(host, options.scrubs, options.seed)
  return {
    timelineOpenMs: median(opens),
    opens,
    panP95FrameMs: quantile(pan.intervals, 0.95),
    panMedianFrameMs: median(pan.intervals),
    panFrames: pan.intervals.length,
    columnsInDom: pan.columnsInDom,
    scrubP95Ms: quantile(scrubs, 0.95),
    scrubMedianMs: median(scrubs),
    scrubs: scrubs.length,
  }
}

/** Times `count` cursor moves: the Pipeline screen's queries, together, as of a random position. */
async function scrub(host: Host, count: number, seed: number): Promise<number[]> {
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api?token=${encodeURIComponent(host.token)}`, { headers: { origin: host.origin } })
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done())
    socket.once('error', fail)
  })
  const waiting = new Map<number, (ok: boolean) => void>()
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type: string; id: number; result: { ok: boolean } }
    if (message.type === 'response') waiting.get(message.id)?.(message.result.ok)
  })
  let id = 0
  const call = (method: string, params: unknown) =>
    new Promise<boolean>((done) => {
      const mine = ++id
      waiting.set(mine, done)
      socket.send(JSON.stringify({ id: mine, method, params }))
    })
  const last = host.workspace.engine.store.lastPosition
  let state = seed >>> 0 || 1
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const times: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const asOf = 1 + Math.floor(random() * last)
      const start = performance.now()
      const answers = await Promise.all(PIPELINE_QUERIES.map((name) => call('query', { name, asOf })))
      times.push(performance.now() - start)
      if (answers.some((ok) => !ok)) throw new Error(`scrub: a query as of ${asOf} was refused`)
    }
  } finally {
    socket.close()
  }
  return times
}
