/**
 * Stormbook's benchmark: `npm run bench -- [--events N] [--json] [--keep] [--seed S]`.
 *
 * Every figure is measured in this process side by side with its baseline (interleaved rounds where
 * the figure is repeated) and printed as a table of ratios against the targets of docs/performance.md.
 * With --json the last line of stdout is one JSON object with the figures. Progress goes to stderr.
 * Everything is written under <repo>/.bench-work/ (a real disk, never tmpfs) and removed at the end.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { measureAppends, measureFiveK } from './figures/append.ts'
import { measurePortfolio } from './figures/portfolio.ts'
import { measureCsvImport } from './figures/csv-import.ts'
import { measureTrades } from './figures/trades.ts'
import { chromiumAvailable, measureUi, type UiFigures } from './figures/ui.ts'
import { measureHeap, measureLive, measureOpen, openBench } from './figures/log.ts'
import { collectGarbage, fmt, fmtBytes, folderBytes, log, makeWorkDir, now, removeWorkDir, table } from './util.ts'
import { buildSalesLog, type WorkloadStats } from './workload.ts'

const USAGE = 'usage: npm run bench -- [--events N] [--json] [--keep] [--seed S]'

class UsageError extends Error {}

function parseArgs(argv: string[]): { events: number; json: boolean; keep: boolean; seed: number } {
  const options = { events: 1_000_000, json: false, keep: false, seed: 7 }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2)
    const value = () => {
      const text = inline ?? argv[++i]
      const n = Number(String(text).replace(/[_,]/g, ''))
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number, not ${text}\n${USAGE}`)
      return n
    }
    if (flag === '--events') options.events = value()
    else if (flag === '--seed') options.seed = value()
    else if (flag === '--json') options.json = true
    else if (flag === '--keep') options.keep = true
    else if (flag === '--help') {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    } else throw new UsageError(`unknown option ${argv[i]}\n${USAGE}`)
  }
  if (options.events < 2000) throw new UsageError(`--events must be at least 2,000 (the small log alone has 1,000)\n${USAGE}`)
  return options
}

const SMALL = 1000

/** The figures as the JSON line carries them (exactly these keys). */
interface Figures {
  events: number
  appendPerSec: number
  fsyncBaselinePerSec: number
  concurrentAppendPerSec: number
  append5kMs: number
  naiveLowdbMs5k: number
  /** The same 5,000 dispatches with 16 in flight, as the CSV import sends them (a secondary figure). */
  append5kImportMs: number
  appendLatencySmallMs: number
  appendLatencyLargeMs: number
  openMs: number
  parseBaselineMs: number
  heapBytes: number
  logBytes: number
  asOfP95Ms: number
  /** The first open of the N-event log, without checkpoints: verify, fold everything, write checkpoints. */
  firstOpenMs: number
  /** firstOpenMs / parseBaselineMs; null below FIRST_OPEN_MIN_EVENTS, where the first open's fixed warm-up dominates. */
  firstOpenRatio: number | null
  /** Bytes of the checkpoints/ folder after the first open (and close) of the N-event log. */
  checkpointBytes: number
  /** checkpointBytes / logBytes. */
  checkpointRatio: number
  appendRatio: number
  concurrentRatio: number
  lowdbRatio: number
  /** naiveLowdbMs5k / append5kImportMs: the lowdb comparison for appends sent as an import sends them. */
  lowdbImportRatio: number
  latencyRatio: number
  openRatio: number
  heapRatio: number
  tradesPerSec: number
  /** Single-event dispatches (UpdateOpportunity) alternating with the trades, timed apart: their baseline. */
  tradeBaselinePerSec: number
  /** tradesPerSec / tradeBaselinePerSec. */
  tradeRatio: number
  /** A portfolio with 10,000 trades: the PortfolioSummary query, p95. */
  portfolioSummaryP95Ms: number
  /** The same portfolio's value over time (the PortfolioValue query as the Performance pane asks it), median. */
  valueSeriesMs: number
  /** Browser mode (null when no Chromium is installed): navigation start → interactive board, 100,000 events. */
  uiOpenMs: number | null
  /** dispatch over the WebSocket bridge, send → acknowledgement, median. */
  roundTripP50Ms: number | null
  /** The same dispatch in process on the host's engine, median (the round trip's baseline). */
  inProcessDispatchP50Ms: number | null
  /** Scrolling a column of 5,000 open deals: p95 time between animation frames, frames per second, dropped frames. */
  boardScrollP95FrameMs: number | null
  boardScrollFps: number | null
  boardScrollDroppedFrames: number | null
  /** The Timeline's storm view over the 100,000-event workspace: key 3 → its first column painted, median of 3. */
  timelineOpenMs: number | null
  /** Panning the storm view 60 px a frame: p95 time between animation frames. */
  stormPanP95FrameMs: number | null
  /** The replay cursor moved to a random position: the Pipeline screen's read models as of there, p95. */
  scrubP95Ms: number | null
  /** Browser mode: a 1,000-row CRM export through the Import dialog, file chosen → summary shown, median of 3. */
  csvImport1kMs: number | null
}

/** Targets: ratio ≥ min or ≤ max. */
const TARGETS = {
  appendRatio: { min: 0.5 },
  concurrentRatio: { min: 4 },
  lowdbRatio: { min: 100 },
  latencyRatio: { max: 1.5 },
  openRatio: { max: 1.5 },
  heapRatio: { max: 1.0 },
  asOfP95Ms: { max: 20 },
  firstOpenRatio: { max: 3 },
  checkpointRatio: { max: 0.25 },
  // A cascade of 5 events costs at most 3× one single-event dispatch: trades/s ≥ appends/s ÷ 3.
  tradeRatio: { min: 1 / 3 },
  portfolioSummaryP95Ms: { max: 5 },
  valueSeriesMs: { max: 200 },
  uiOpenMs: { max: 1000 },
  roundTripP50Ms: { max: 3 },
  boardScrollP95FrameMs: { max: 50 },
  timelineOpenMs: { max: 1000 },
  stormPanP95FrameMs: { max: 20 },
  scrubP95Ms: { max: 50 },
  csvImport1kMs: { max: 1500 },
} as const

/** Trades in the portfolio whose summary and value over time are timed. */
const PORTFOLIO_TRADES = 10_000
/** The first-open ratio is a figure of large logs: below this, loading and compiling the code dominate. */
const FIRST_OPEN_MIN_EVENTS = 100_000

/** The browser-mode figures always use a workspace of this many events, whatever --events says. */
const UI_EVENTS = 100_000
/** Open deals in the workspace whose column is scrolled. */
const UI_OPEN_DEALS = 5000

function meets(value: number, target: { min?: number; max?: number }): boolean {
  return (target.min === undefined || value >= target.min) && (target.max === undefined || value <= target.max)
}

function targetText(target: { min?: number; max?: number }, unit = ''): string {
  return target.min !== undefined ? `≥ ${target.min}${unit}` : `≤ ${target.max}${unit}`
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

async function firstOpen(dir: string, stats: WorkloadStats): Promise<number> {
  const start = now()
  const ws = await openBench(dir)
  const took = now() - start
  try {
    const { report } = ws
    if (ws.engine.store.lastPosition !== stats.events) throw new Error(`${dir}: opened ${ws.engine.store.lastPosition} events, built ${stats.events}`)
    if (report.resumed !== 0 || report.tornFile || report.corrupt) throw new Error(`${dir}: the built log did not open cleanly: ${JSON.stringify(report)}`)
    const pipeline = ws.engine.query('Pipeline', {})
    if (!pipeline.ok || JSON.stringify(pipeline.value) !== JSON.stringify(stats.pipeline)) {
      throw new Error(`${dir}: Pipeline after opening differs from the builder's:\n${JSON.stringify(pipeline)}\n${JSON.stringify(stats.pipeline)}`)
    }
  } finally {
    await ws.close()
  }
  return took
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2))
  const N = options.events
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const workDir = makeWorkDir(repoRoot)
  const cleanup = () => {
    if (!options.keep) removeWorkDir(workDir)
  }
  const interrupted = () => {
    cleanup()
    process.exit(130)
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  const began = now()
  try {
    log(`work folder ${workDir}`)
    // ----- the logs ---------------------------------------------------------------------------
    const largeDir = join(workDir, 'large')
    const smallDir = join(workDir, 'small')
    const start = now()
    const stats = await buildSalesLog(largeDir, N, options.seed, (done) => log(`built ${fmt(done)} events (${fmt((now() - start) / 1000, 1)} s)`))
    const buildMs = now() - start
    log(`built ${fmt(N)} events in ${fmt(buildMs / 1000, 1)} s: ${fmt(stats.customers)} customers, ${fmt(stats.opportunities)} opportunities, ${fmtBytes(stats.bytes)}`)
    const smallStats = await buildSalesLog(smallDir, SMALL, options.seed + 1)
    log('first open of both logs (verifies them, folds every event, writes checkpoints)…')
    const firstOpenMs = await firstOpen(largeDir, stats)
    await firstOpen(smallDir, smallStats)
    const checkpointBytes = folderBytes(join(largeDir, 'checkpoints'))
    log(`first open: ${fmt(firstOpenMs / 1000, 1)} s; checkpoints ${fmtBytes(checkpointBytes)}`)

    collectGarbage()
    // ----- open vs read+parse -----------------------------------------------------------------
    const open = await measureOpen(largeDir, N, 5)

    // ----- heap (child process) ---------------------------------------------------------------
    log('heap: opening the log in a child process…')
    const heap = await measureHeap(repoRoot, largeDir, N)
    const smallHeap = await measureHeap(repoRoot, smallDir, SMALL)

    collectGarbage()
    // ----- time travel and latency (both workspaces open) ---------------------------------------
    const { asOf, latency } = await measureLive(largeDir, smallDir, N, options.seed)

    collectGarbage()
    // ----- appends ----------------------------------------------------------------------------
    const appends = await measureAppends(workDir, { rounds: 3, sequentialCount: 1000, concurrentCount: 4000, inFlight: 32 })
    collectGarbage()
    collectGarbage()
    const trades = await measureTrades(workDir, { rounds: 3, count: 300 })
    collectGarbage()
    const portfolio = await measurePortfolio(workDir, { trades: PORTFOLIO_TRADES, summaryRuns: 500, seriesRuns: 9 })
    collectGarbage()
    const fiveK = await measureFiveK(workDir)

    // ----- browser mode (last: its dispatches add events to the workspace it uses) ------------------
    let ui: UiFigures | null = null
    let uiBuildMs = 0
    const chromium = chromiumAvailable()
    if (chromium === null) {
      log(`ui: no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}: skipping the browser-mode figures`)
    } else {
      collectGarbage()
      // The N-event log is reused when it has the size the UI figures want; otherwise one is built.
      let uiDir = largeDir
      if (N !== UI_EVENTS) {
        uiDir = join(workDir, 'ui')
        const uiStart = now()
        await buildSalesLog(uiDir, UI_EVENTS, options.seed)
        uiBuildMs = now() - uiStart
        log(`ui: built the ${fmt(UI_EVENTS)}-event workspace in ${fmt(uiBuildMs / 1000, 1)} s`)
      }
      ui = await measureUi({ repoRoot, workDir, uiDir, openDeals: UI_OPEN_DEALS, seed: options.seed })
    }
    const csvImport = chromium === null ? null : await measureCsvImport({ repoRoot, workDir })

    const figures: Figures = {
      events: N,
      appendPerSec: round(appends.appendPerSec, 0),
      fsyncBaselinePerSec: round(appends.fsyncBaselinePerSec, 0),
      concurrentAppendPerSec: round(appends.concurrentAppendPerSec, 0),
      append5kMs: round(fiveK.append5kMs, 1),
      naiveLowdbMs5k: round(fiveK.naiveLowdbMs5k, 1),
      appendLatencySmallMs: round(latency.appendLatencySmallMs, 3),
      appendLatencyLargeMs: round(latency.appendLatencyLargeMs, 3),
      openMs: round(open.openMs, 1),
      parseBaselineMs: round(open.parseBaselineMs, 1),
      heapBytes: heap.heapBytes,
      logBytes: heap.logBytes,
      asOfP95Ms: round(asOf.asOfP95Ms, 2),
      firstOpenMs: round(firstOpenMs, 1),
      firstOpenRatio: N >= FIRST_OPEN_MIN_EVENTS ? round(firstOpenMs / open.parseBaselineMs, 3) : null,
      checkpointBytes,
      checkpointRatio: round(checkpointBytes / heap.logBytes, 3),
      appendRatio: round(appends.appendPerSec / appends.fsyncBaselinePerSec, 3),
      concurrentRatio: round(appends.concurrentAppendPerSec / appends.fsyncBaselinePerSec, 3),
      lowdbRatio: round(fiveK.naiveLowdbMs5k / fiveK.append5kMs, 3),
      append5kImportMs: round(fiveK.append5kImportMs, 1),
      lowdbImportRatio: round(fiveK.naiveLowdbMs5k / fiveK.append5kImportMs, 3),
      latencyRatio: round(latency.appendLatencyLargeMs / latency.appendLatencySmallMs, 3),
      openRatio: round(open.openMs / open.parseBaselineMs, 3),
      heapRatio: round(heap.heapBytes / heap.logBytes, 3),
      tradesPerSec: round(trades.tradesPerSec, 0),
      tradeBaselinePerSec: round(trades.singlePerSec, 0),
      tradeRatio: round(trades.tradesPerSec / trades.singlePerSec, 3),
      portfolioSummaryP95Ms: round(portfolio.portfolioSummaryP95Ms, 3),
      valueSeriesMs: round(portfolio.valueSeriesMs, 1),
      uiOpenMs: ui && round(ui.open.uiOpenMs, 1),
      roundTripP50Ms: ui && round(ui.roundTrip.roundTripP50Ms, 3),
      inProcessDispatchP50Ms: ui && round(ui.roundTrip.inProcessP50Ms, 3),
      boardScrollP95FrameMs: ui && round(ui.scroll.p95FrameMs, 1),
      boardScrollFps: ui && round(ui.scroll.fps, 1),
      boardScrollDroppedFrames: ui && ui.scroll.droppedFrames,
      timelineOpenMs: ui && round(ui.timeline.timelineOpenMs, 1),
      stormPanP95FrameMs: ui && round(ui.timeline.panP95FrameMs, 1),
      scrubP95Ms: ui && round(ui.timeline.scrubP95Ms, 1),
      csvImport1kMs: csvImport && round(csvImport.csvImport1kMs, 1),
    }

    // ----- report -----------------------------------------------------------------------------
    const status = (value: number, target: { min?: number; max?: number }) => (meets(value, target) ? 'ok' : 'MISS')
    const rows = [
      ['sequential durable dispatches', `${fmt(figures.appendPerSec)} /s`, `${fmt(figures.fsyncBaselinePerSec)} /s`, 'write+fdatasync per line', fmt(figures.appendRatio, 2), targetText(TARGETS.appendRatio), status(figures.appendRatio, TARGETS.appendRatio)],
      ['32 dispatches in flight', `${fmt(figures.concurrentAppendPerSec)} /s`, `${fmt(figures.fsyncBaselinePerSec)} /s`, 'write+fdatasync per line', fmt(figures.concurrentRatio, 2), targetText(TARGETS.concurrentRatio), status(figures.concurrentRatio, TARGETS.concurrentRatio)],
      ['5,000 appends, one write each', `${fmt(figures.append5kMs)} ms`, `${fmt(figures.naiveLowdbMs5k)} ms`, 'lowdb JSONFile {events}', fmt(figures.lowdbRatio, 1), targetText(TARGETS.lowdbRatio), status(figures.lowdbRatio, TARGETS.lowdbRatio)],
      ['  the same 5,000 sent as a CSV import sends them (16 in flight)', `${fmt(figures.append5kImportMs)} ms`, `${fmt(figures.naiveLowdbMs5k)} ms`, 'lowdb JSONFile {events}', fmt(figures.lowdbImportRatio, 1), '(informative)', ''],
      [`dispatch latency, median, ${fmt(N)} vs 1,000 events`, `${fmt(figures.appendLatencyLargeMs, 2)} ms`, `${fmt(figures.appendLatencySmallMs, 2)} ms`, 'same, 1,000-event log', fmt(figures.latencyRatio, 2), targetText(TARGETS.latencyRatio), status(figures.latencyRatio, TARGETS.latencyRatio)],
      ['open (checkpoints written)', `${fmt(figures.openMs)} ms`, `${fmt(figures.parseBaselineMs)} ms`, 'read + JSON.parse each line', fmt(figures.openRatio, 2), targetText(TARGETS.openRatio), status(figures.openRatio, TARGETS.openRatio)],
      figures.firstOpenRatio === null
        ? ['first open, no checkpoints yet', `${fmt(figures.firstOpenMs)} ms`, `${fmt(figures.parseBaselineMs)} ms`, 'read + JSON.parse each line', '', `(from ${fmt(FIRST_OPEN_MIN_EVENTS)} events)`, '']
        : ['first open, no checkpoints yet', `${fmt(figures.firstOpenMs)} ms`, `${fmt(figures.parseBaselineMs)} ms`, 'read + JSON.parse each line', fmt(figures.firstOpenRatio, 2), targetText(TARGETS.firstOpenRatio), status(figures.firstOpenRatio, TARGETS.firstOpenRatio)],
      ['checkpoints on disk after it', fmtBytes(figures.checkpointBytes), fmtBytes(figures.logBytes), 'size of events.jsonl', fmt(figures.checkpointRatio, 3), targetText(TARGETS.checkpointRatio), status(figures.checkpointRatio, TARGETS.checkpointRatio)],
      ['heap after open (gc)', fmtBytes(figures.heapBytes), fmtBytes(figures.logBytes), 'size of events.jsonl', fmt(figures.heapRatio, 2), targetText(TARGETS.heapRatio), status(figures.heapRatio, TARGETS.heapRatio)],
      ['market-order cascades, sequential', `${fmt(figures.tradesPerSec)} /s`, `${fmt(figures.tradeBaselinePerSec)} /s`, 'single-event dispatches between', fmt(figures.tradeRatio, 2), '≥ 0.33', status(figures.tradeRatio, TARGETS.tradeRatio)],
      [`PortfolioSummary of a portfolio with ${fmt(PORTFOLIO_TRADES)} trades, p95`, `${fmt(figures.portfolioSummaryP95Ms, 2)} ms`, '', '', '', targetText(TARGETS.portfolioSummaryP95Ms, ' ms'), status(figures.portfolioSummaryP95Ms, TARGETS.portfolioSummaryP95Ms)],
      ['  its value over time (PortfolioValue), median', `${fmt(figures.valueSeriesMs, 1)} ms`, '', '', '', targetText(TARGETS.valueSeriesMs, ' ms'), status(figures.valueSeriesMs, TARGETS.valueSeriesMs)],
      ['Pipeline asOf random position, p95', `${fmt(figures.asOfP95Ms, 1)} ms`, '', '', '', targetText(TARGETS.asOfP95Ms, ' ms'), status(figures.asOfP95Ms, TARGETS.asOfP95Ms)],
    ]
    if (ui) {
      rows.push(
        [`browser mode: open to interactive board (${fmt(UI_EVENTS)} events), median of 3`, `${fmt(ui.open.uiOpenMs)} ms`, '', '', '', targetText(TARGETS.uiOpenMs, ' ms'), status(ui.open.uiOpenMs, TARGETS.uiOpenMs)],
        ['dispatch over the WebSocket bridge, median', `${fmt(ui.roundTrip.roundTripP50Ms, 2)} ms`, `${fmt(ui.roundTrip.inProcessP50Ms, 2)} ms`, 'same dispatch in process', fmt(ui.roundTrip.roundTripP50Ms / ui.roundTrip.inProcessP50Ms, 2), targetText(TARGETS.roundTripP50Ms, ' ms'), status(ui.roundTrip.roundTripP50Ms, TARGETS.roundTripP50Ms)],
        [`scrolling a column of ${fmt(ui.scroll.columnCards)} open deals, p95 frame`, `${fmt(ui.scroll.p95FrameMs, 1)} ms`, '16.7 ms', 'one frame at 60 Hz', fmt(ui.scroll.p95FrameMs / (1000 / 60), 2), targetText(TARGETS.boardScrollP95FrameMs, ' ms'), status(ui.scroll.p95FrameMs, TARGETS.boardScrollP95FrameMs)],
        [`timeline: the storm's first paint (${fmt(UI_EVENTS)} events), median of 3`, `${fmt(ui.timeline.timelineOpenMs)} ms`, '', '', '', targetText(TARGETS.timelineOpenMs, ' ms'), status(ui.timeline.timelineOpenMs, TARGETS.timelineOpenMs)],
        ['timeline: panning the storm, p95 frame', `${fmt(ui.timeline.panP95FrameMs, 1)} ms`, '16.7 ms', 'one frame at 60 Hz', fmt(ui.timeline.panP95FrameMs / (1000 / 60), 2), targetText(TARGETS.stormPanP95FrameMs, ' ms'), status(ui.timeline.panP95FrameMs, TARGETS.stormPanP95FrameMs)],
        ["replay: the cursor to a random position, the Pipeline screen's read models as of there, p95", `${fmt(ui.timeline.scrubP95Ms, 1)} ms`, '', '', '', targetText(TARGETS.scrubP95Ms, ' ms'), status(ui.timeline.scrubP95Ms, TARGETS.scrubP95Ms)],
      )
    }
    if (csvImport) rows.push(['CSV import of 1,000 rows through the dialog (parse, match, every dispatch), median of 3', `${fmt(csvImport.csvImport1kMs)} ms`, '', '', '', targetText(TARGETS.csvImport1kMs, ' ms'), status(csvImport.csvImport1kMs, TARGETS.csvImport1kMs)])
    const misses = rows.filter((r) => r[6] === 'MISS').map((r) => r[0])
    const out: string[] = []
    out.push('')
    out.push(`Stormbook benchmark — ${fmt(N)} events (${fmtBytes(heap.logBytes)} log), Node ${process.version}, ${new Date().toISOString()}`)
    out.push('')
    out.push(table(['figure', 'ours', 'baseline', 'baseline is', 'ratio', 'target', ''], rows, 'lrrlrll'))
    out.push('')
    if (!ui) out.push(`Browser-mode figures skipped: no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (install the chromium package or set CHROMIUM_PATH).`)
    out.push(misses.length === 0 ? 'All targets met.' : `Targets missed: ${misses.join('; ')}.`)
    out.push('')
    out.push('Details')
    out.push(`  workload        ${fmt(stats.customers)} customers, ${fmt(stats.opportunities)} opportunities (${fmt(stats.openAtEnd)} being worked at the end), ${fmt(stats.commands)} commands, ${stats.firstAt.slice(0, 10)} … ${stats.lastAt.slice(0, 10)}`)
    out.push(`  events by type  ${Object.entries(stats.byType).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${fmt(n)}`).join(', ')}`)
    out.push(`  build           ${fmt(buildMs / 1000, 1)} s (engine decides, no fsync); first open ${fmt(firstOpenMs / 1000, 1)} s (folds everything, writes checkpoints)`)
    out.push(`  open rounds     open ${open.rounds.open.map((t) => fmt(t)).join(' / ')} ms; read+parse ${open.rounds.parse.map((t) => fmt(t)).join(' / ')} ms`)
    out.push(`  append rounds   sequential ${appends.rounds.sequential.map((t) => fmt(t)).join(' / ')} /s; fsync ${appends.rounds.baseline.map((t) => fmt(t)).join(' / ')} /s; 32 in flight ${appends.rounds.concurrent.map((t) => fmt(t)).join(' / ')} /s (${fmt(appends.eventsPerFlush, 1)} events per fdatasync); baseline line ${appends.baselineLineBytes} B`)
    out.push(`  trades          ${trades.rounds.map((t) => fmt(t.trades)).join(' / ')} cascades/s, ${fmt(trades.eventsPerTrade, 1)} events each, one fdatasync each; single-event dispatches between them ${trades.rounds.map((t) => fmt(t.single)).join(' / ')} /s`)
    out.push(`  portfolio       ${fmt(portfolio.trades)} trades, ${fmt(portfolio.events)} events, ${fmt(portfolio.dailyPrices)} daily prices (bars and closes), built in ${fmt(portfolio.buildMs / 1000, 1)} s; summary median ${fmt(portfolio.summaryMedianMs, 3)} ms over ${portfolio.summaryRuns}; value over time ${fmt(portfolio.moments)} moments → ${fmt(portfolio.points)} points, the unthinned series ${fmt(portfolio.valueSeriesFullMs, 1)} ms`)
    out.push(`  asOf            median ${fmt(asOf.asOfMedianMs, 1)} ms, p95 ${fmt(asOf.asOfP95Ms, 1)} ms, max ${fmt(asOf.asOfMaxMs, 1)} ms over ${asOf.queries} queries, once the time-travel states built after opening were ready (${fmt(asOf.readyMs ?? 0)} ms)`)
    out.push(`  latency         ${latency.samples} samples each, alternating`)
    out.push(`  heap            ${fmtBytes(heap.heapBytes)} with the ${fmt(N)}-event log open; ${fmtBytes(smallHeap.heapBytes)} with the 1,000-event one (the process's fixed part: code, libraries)`)
    out.push(`  lowdb           final file ${fmtBytes(fiveK.lowdbFileBytes)}`)
    if (ui) {
      out.push(`  ui open         loads ${ui.open.loads.map((t) => fmt(t)).join(' / ')} ms (navigation start → cards in a column and the filters filled, on the page's clock); median load: HTML in ${fmt(ui.open.responseEndMs)} ms, DOMContentLoaded ${fmt(ui.open.domContentLoadedMs)} ms; ${ui.open.cards} cards in the DOM`)
      out.push(`  ui setup        ${N === UI_EVENTS ? `the ${fmt(N)}-event log reused` : `${fmt(UI_EVENTS)}-event workspace built in ${fmt(uiBuildMs / 1000, 1)} s`}; renderer built in ${fmt(ui.buildMs / 1000, 1)} s; host up (first open, checkpoints) in ${fmt(ui.hostOpenMs / 1000, 1)} s; not timed`)
      out.push(`  round trip      ${ui.roundTrip.samples} each, alternating, after 30 warm-up: WebSocket p50 ${fmt(ui.roundTrip.roundTripP50Ms, 2)} ms, p95 ${fmt(ui.roundTrip.roundTripP95Ms, 2)} ms; in process p50 ${fmt(ui.roundTrip.inProcessP50Ms, 2)} ms, p95 ${fmt(ui.roundTrip.inProcessP95Ms, 2)} ms`)
      out.push(`  timeline        opens ${ui.timeline.opens.map((t) => fmt(t)).join(' / ')} ms (key 3 → first storm column); pan ${ui.timeline.panFrames} frames, median ${fmt(ui.timeline.panMedianFrameMs, 1)} ms, at most ${ui.timeline.columnsInDom} columns in the DOM; ${ui.timeline.scrubs} scrubs, median ${fmt(ui.timeline.scrubMedianMs, 1)} ms`)
      out.push(`  board scroll    ${ui.scroll.frames} frames, 60 px a frame: median ${fmt(ui.scroll.medianFrameMs, 1)} ms, p95 ${fmt(ui.scroll.p95FrameMs, 1)} ms, max ${fmt(ui.scroll.maxFrameMs, 1)} ms, ${fmt(ui.scroll.fps, 1)} fps, ${ui.scroll.droppedFrames} dropped; at most ${ui.scroll.cardsInDom} cards in the DOM; that board opened in ${fmt(ui.scroll.openMs)} ms`)
    }
    if (csvImport) out.push(`  csv import      rounds ${csvImport.rounds.map((t) => fmt(t)).join(' / ')} ms (1,000 new deals each, 100 customers matched by name); the same file again previews "0 new, 1000 unchanged" in ${fmt(csvImport.reimportPreviewMs)} ms`)
    out.push(`  total           ${fmt((now() - began) / 1000, 1)} s`)
    process.stdout.write(out.join('\n') + '\n')
    if (options.json) process.stdout.write(`${JSON.stringify(figures)}\n`)
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    cleanup()
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
