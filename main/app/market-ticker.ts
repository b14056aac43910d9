import type { Clock } from '../../domain/kernel/index.ts'
import type { DispatchResult } from './engine-types.ts'
import type { QuoteService } from './quotes.ts'

/** What the practice controls show: whether the market runs, how fast, from which seed, and the replay. */
export interface MarketControls {
  /** The host lets the market tick on its own (browser mode and the desktop app do; tests may not). */
  live: boolean
  paused: boolean
  /** Seconds between ticks (0: the market moves only when a price is set or a step is asked for). */
  tickSeconds: number
  seed: number
  /** Day-by-day replay of the imported histories: on or off, the day played last, the imported range. */
  replay: { on: boolean; day: string | null; from: string | null; to: string | null; days: number }
  /** The imported histories, each with its range. */
  histories: Array<{ symbol: string; bars: number; from: string; to: string }>
}

/** The settings the practice controls keep (the Trading context's, in workspace.json). */
export interface MarketSettings {
  marketTickSeconds: number
  marketPaused: boolean
  marketSeed: number
  marketReplay: boolean
}

/** A market the controls can reseed and replay (the simulated one); a plain quote service has neither. */
interface PracticeMarket extends QuoteService {
  reseed?(seed: number): void
  setReplay?(on: boolean): void
  replayState?(): MarketControls['replay']
  histories?(): MarketControls['histories']
}

/** What the ticker drives: one tick of the market, then the clock's move (day orders expire at the close). */
interface TickingEngine {
  readonly quotes: QuoteService
  marketTick(): Promise<DispatchResult>
  clockMoved(previous: string): Promise<DispatchResult>
}

/** Reads the market's settings, with the Trading context's defaults where one is missing. */
export function marketSettings(settings: Readonly<Record<string, unknown>>): MarketSettings {
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback)
  return {
    marketTickSeconds: number(settings.marketTickSeconds, 10),
    marketPaused: settings.marketPaused === true,
    marketSeed: number(settings.marketSeed, 1),
    marketReplay: settings.marketReplay === true,
  }
}

/**
 * The simulated market's practice controls over time: ticks on the host's clock every `marketTickSeconds`
 * unless paused, one step on demand, the seed and the replay applied from the settings. A tick never
 * overlaps the one before (a slow tick is skipped, not queued).
 */
export class MarketTicker {
  private timer: ReturnType<typeof setInterval> | undefined
  private live = false
  private busy: Promise<unknown> | null = null
  private previous: string
  private applied: MarketSettings | undefined

  constructor(private readonly engine: TickingEngine, private readonly clock: Clock, settings: Readonly<Record<string, unknown>>) {
    this.previous = clock.now()
    this.apply(settings)
  }

  private get market(): PracticeMarket {
    return this.engine.quotes as PracticeMarket
  }

  /** Applies the settings: the seed and the replay when they changed, the timer's pace and pause. */
  apply(settings: Readonly<Record<string, unknown>>): void {
    const next = marketSettings(settings)
    const before = this.applied
    this.applied = next
    if (before?.marketSeed !== next.marketSeed && before !== undefined) this.market.reseed?.(next.marketSeed)
    if (before?.marketReplay !== next.marketReplay) this.market.setReplay?.(next.marketReplay)
    this.schedule()
  }

  /** Lets the market tick on its own from now on (the host's choice), at the settings' pace. */
  start(): void {
    this.live = true
    this.schedule()
  }

  /** Stops ticking on its own (closing the workspace). */
  stop(): void {
    this.live = false
    this.schedule()
  }

  /** One tick now, paused or not (after any tick still running); the trade service fills what it triggers. */
  async step(): Promise<DispatchResult> {
    while (this.busy) await this.busy
    return this.run()
  }

  /** What the practice controls show. */
  controls(): MarketControls {
    const settings = this.applied!
    const replay = this.market.replayState?.() ?? { on: false, day: null, from: null, to: null, days: 0 }
    return { live: this.live, paused: settings.marketPaused, tickSeconds: settings.marketTickSeconds, seed: settings.marketSeed, replay, histories: this.market.histories?.() ?? [] }
  }

  private run(): Promise<DispatchResult> {
    const from = this.previous
    this.previous = this.clock.now()
    const tick = this.engine.marketTick().then(async (result) => {
      await this.engine.clockMoved(from)
      return result
    })
    this.busy = tick.finally(() => (this.busy = null))
    return tick
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    const { marketTickSeconds, marketPaused } = this.applied!
    if (!this.live || marketPaused || marketTickSeconds <= 0) return
    this.timer = setInterval(() => {
      if (!this.busy) void this.run()
    }, marketTickSeconds * 1000)
    this.timer.unref?.()
  }
}
