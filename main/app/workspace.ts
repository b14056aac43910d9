import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { Low } from 'lowdb'
import { codedError, toCodedError, type BoundedContext, type Clock, type CodedError } from '../../domain/kernel/index.ts'
import { CheckpointFolder } from '../store/checkpoints.ts'
import type { OpenReport } from '../store/event-store.ts'
import { FileEventStore } from '../store/file-store.ts'
import { acquireLock } from '../store/lock.ts'
import { MemoryEventStore } from '../store/memory-store.ts'
import { readWorkspaceFile, type WorkspaceDocument } from '../store/workspace-file.ts'
import { readSyncState } from '../sync/sync-state.ts'
import { Engine } from './engine.ts'
import { loadMarket } from './market-files.ts'
import { PriceHistory, type QuotePush } from './price-history.ts'
import { MarketTicker } from './market-ticker.ts'
import { ManualQuotes, type QuoteService } from './quotes.ts'
import { Registry } from './registry.ts'
import { tolerantSettings, unknownSettings, validateSettings } from './settings.ts'

/** How to open a workspace folder. */
export interface OpenOptions {
  contexts: readonly BoundedContext[]
  clock: Clock
  quotes?: QuoteService
  /** Open without the lock and without writing anything; works up to a damaged line, and past bad settings. */
  readOnly?: boolean
  /** Create the folder and its files when missing (default true unless read-only). */
  create?: boolean
  checkpointEvery?: number
  /** Opening progress (bytes of the log read). */
  onProgress?: (done: number, total: number) => void
  /** Take the single-writer lock even from a live or foreign holder (the person said so, explicitly). */
  takeOver?: boolean
}

/** What opening found: a torn tail, a damaged line, a resumed cascade, and (read-only) bad settings passed over. */
export type WorkspaceReport = OpenReport & { resumed: number; problems?: CodedError[] }

/** An open workspace: its engine, what opening found, and its workspace.json. */
export interface Workspace {
  dir: string
  engine: Engine
  report: WorkspaceReport
  document: Low<WorkspaceDocument>
  /**
   * Lets the simulated market tick on the host's clock (the random walk and imported histories move; the
   * trade service fills what they trigger; day orders expire at the close), at the pace and pause of the
   * settings (`marketTickSeconds`, `marketPaused`). Stops on close; 0 stops it.
   */
  startMarket(seconds: number): void
  /** The simulated market's practice controls: pause, resume, step, pace, seed, replay (market-ticker.ts). */
  market: MarketTicker
  /**
   * Validates the whole settings object first (limits, unknown keys, every context's rules:
   * SETTINGS_INVALID names the field; nothing changes then), saves it, then applies it.
   */
  updateSettings(settings: Record<string, unknown>): Promise<Record<string, unknown>>
  close(): Promise<void>
}

/** Whether checkpoints/ holds any file (a sign that a log was there). */
function hasCheckpoints(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((entry) => !entry.isDirectory() || hasCheckpoints(join(dir, entry.name)))
  } catch {
    return false
  }
}

/** Refuses a workspace whose events.jsonl is missing or empty while checkpoints of a log remain (LOG_MISSING). */
function checkLogPresent(dir: string): void {
  const log = join(dir, 'events.jsonl')
  const empty = !existsSync(log) || statSync(log).size === 0
  if (empty && hasCheckpoints(join(dir, 'checkpoints'))) {
    throw codedError(
      'LOG_MISSING',
      `events.jsonl in ${dir} is missing or empty, but checkpoints/ holds the read models of a log: restore events.jsonl from a backup (nothing was changed).`,
      { path: log },
    )
  }
}

/**
 * What team sync tells the engine (sync.json): how far it has pushed or pulled (`pushedUpTo`: cascades up
 * to there are not resumed on open, since a pulled one was decided, and reacted to, elsewhere) and the
 * events rebases superseded (left out of every fold). A damaged sync.json is reported, not fatal (sync
 * itself refuses it, naming the field).
 */
function syncFacts(dir: string, problems: CodedError[]): { syncedThrough: number; superseded: string[] } {
  try {
    const state = readSyncState(dir)
    return { syncedThrough: state?.pushedUpTo ?? 0, superseded: state?.superseded ?? [] }
  } catch (error) {
    problems.push(toCodedError(error))
    return { syncedThrough: 0, superseded: [] }
  }
}

/**
 * Opens a workspace folder (workspace.json, events.jsonl, checkpoints/, .lock): takes the single-writer
 * lock, checks the settings, opens the engine (checkpoints, the log, a cascade cut short by a crash).
 * Writes nothing until everything succeeded; read-only writes nothing at all.
 */
export async function openWorkspace(dirPath: string, options: OpenOptions): Promise<Workspace> {
  const dir = resolve(dirPath)
  const readOnly = options.readOnly ?? false
  const create = options.create ?? !readOnly
  if (!existsSync(dir)) {
    if (!create) throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir}.`, { path: dir })
    mkdirSync(dir, { recursive: true })
  } else if (!statSync(dir).isDirectory()) {
    throw codedError('WORKSPACE_INVALID', `${dir} is a file, not a workspace folder.`, { path: dir })
  }
  const now = () => options.clock.now()
  const release = readOnly ? () => undefined : acquireLock(dir, now, { takeOver: options.takeOver })
  try {
    const file = await readWorkspaceFile(join(dir, 'workspace.json'), { name: basename(dir), createdAt: now() }, readOnly)
    const document = file.db
    const contexts = options.contexts
    const registry = new Registry(contexts)
    const problems: CodedError[] = file.problem ? [file.problem] : []
    let settings: Record<string, unknown>
    if (readOnly) {
      const tolerant = tolerantSettings(registry, document.data.settings)
      settings = tolerant.settings
      problems.push(...tolerant.problems)
    } else {
      // A bad value refuses a writable open (field named); a key no context knows (an older version's) is ignored and reported.
      const unknown = unknownSettings(registry, document.data.settings)
      const ignored = new Set(unknown.map((p) => String(p.details.field).slice('settings.'.length)))
      settings = validateSettings(registry, Object.fromEntries(Object.entries(document.data.settings).filter(([key]) => !ignored.has(key))))
      problems.push(...unknown)
    }
    checkLogPresent(dir)
    const store = new FileEventStore({ path: join(dir, 'events.jsonl'), readOnly, now, upcast: registry.upcast, onProgress: options.onProgress })
    const quotes = options.quotes ?? loadMarket(dir, Number(settings.marketSeed ?? 1), { readOnly })
    const checkpoints = new CheckpointFolder(join(dir, 'checkpoints'), readOnly, { background: true })
    const prices = new PriceHistory(dir, { readOnly })
    const sync = syncFacts(dir, problems)
    const engine = new Engine({ contexts, store, clock: options.clock, quotes, settings, checkpoints, checkpointEvery: options.checkpointEvery, prices, superseded: sync.superseded })
    const report: WorkspaceReport = await engine.open(undefined, { syncedThrough: sync.syncedThrough })
    // A checkpoint or saved state whose checksum failed was ignored and rebuilt from the log: say so.
    for (const rejected of checkpoints.rejected) {
      problems.push({
        code: 'CHECKPOINT_REJECTED',
        message: `The saved ${rejected.projection === '@aggregates' ? 'aggregate states' : `${rejected.projection} checkpoint`} at event ${rejected.position} did not match its checksum (${rejected.reason}); it was set aside and rebuilt from the log.`,
        details: { projection: rejected.projection, position: rejected.position },
      })
    }
    if (problems.length > 0) report.problems = problems
    if (file.created && !readOnly) await document.write()
    // The market's daily closes, kept from its pushed quotes for the charts (price-history.ts).
    const stopKeepingCloses = readOnly ? () => undefined : prices.keep(quotes as QuotePush, () => engine.clock.now())
    const ticker = new MarketTicker(engine, options.clock, settings)
    function startMarket(seconds: number): void {
      if (readOnly || seconds <= 0) ticker.stop()
      else ticker.start()
    }
    return {
      dir,
      engine,
      report,
      document,
      async updateSettings(raw) {
        if (readOnly) throw codedError('READ_ONLY', 'This workspace is open read-only: settings cannot be changed.')
        validateSettings(registry, raw)
        const previous = document.data.settings
        document.data.settings = structuredClone(raw)
        try {
          await document.write()
        } catch (error) {
          document.data.settings = previous
          throw codedError('WORKSPACE_WRITE_FAILED', `workspace.json could not be written: ${(error as Error).message}`, { path: join(dir, 'workspace.json') })
        }
        const merged = engine.setSettings(raw)
        ticker.apply(merged)
        return merged
      },
      startMarket,
      market: ticker,
      async close() {
        ticker.stop()
        stopKeepingCloses()
        await engine.close()
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

/** An engine over an empty in-memory log: flows and tests. */
export function memoryEngine(contexts: readonly BoundedContext[], clock: Clock, quotes: QuoteService = new ManualQuotes(), settings: Record<string, unknown> = {}): Engine {
  return new Engine({ contexts, store: new MemoryEventStore(), clock, quotes, settings })
}
