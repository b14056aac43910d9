import { existsSync, mkdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { Low } from 'lowdb'
import type { BoundedContext, Clock } from '../../domain/kernel/index.ts'
import { CheckpointFolder } from '../store/checkpoints.ts'
import { StormbookError } from '../store/errors.ts'
import type { OpenReport } from '../store/event-store.ts'
import { FileEventStore } from '../store/file-store.ts'
import { acquireLock } from '../store/lock.ts'
import { MemoryEventStore } from '../store/memory-store.ts'
import { openWorkspaceFile, type WorkspaceDocument } from '../store/workspace-file.ts'
import { Engine } from './engine.ts'
import { loadMarket } from './market-files.ts'
import { ManualQuotes, type QuoteService } from './quotes.ts'
import { Registry } from './registry.ts'

/** How to open a workspace folder. */
export interface OpenOptions {
  contexts: readonly BoundedContext[]
  clock: Clock
  quotes?: QuoteService
  /** Open without the lock and without writing anything; works up to a damaged line. */
  readOnly?: boolean
  /** Create the folder and its files when missing (default true unless read-only). */
  create?: boolean
  checkpointEvery?: number
  /** Opening progress (bytes of the log read). */
  onProgress?: (done: number, total: number) => void
}

/** An open workspace: its engine, what opening found, and its workspace.json. */
export interface Workspace {
  dir: string
  engine: Engine
  report: OpenReport & { resumed: number }
  document: Low<WorkspaceDocument>
  /**
   * Lets the simulated market tick on the host's clock every `seconds` (the random walk and imported
   * histories move; the trade service fills what they trigger; day orders expire at the close).
   * Stops on close; 0 stops it.
   */
  startMarket(seconds: number): void
  /** Validates and saves new settings (SETTINGS_INVALID names the field; nothing is written then). */
  updateSettings(settings: Record<string, unknown>): Promise<Record<string, unknown>>
  close(): Promise<void>
}

/**
 * Opens a workspace folder (workspace.json, events.jsonl, checkpoints/, .lock): takes the single-writer
 * lock, verifies the log, loads checkpoints and folds the rest, resumes a cascade cut short by a crash.
 */
export async function openWorkspace(dirPath: string, options: OpenOptions): Promise<Workspace> {
  const dir = resolve(dirPath)
  const readOnly = options.readOnly ?? false
  const create = options.create ?? !readOnly
  if (!existsSync(dir)) {
    if (!create) throw new StormbookError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir}.`, { path: dir })
    mkdirSync(dir, { recursive: true })
  } else if (!statSync(dir).isDirectory()) {
    throw new StormbookError('WORKSPACE_INVALID', `${dir} is a file, not a workspace folder.`, { path: dir })
  }
  const now = () => options.clock.now()
  const release = readOnly ? () => undefined : acquireLock(dir, now)
  try {
    const document = await openWorkspaceFile(join(dir, 'workspace.json'), { name: basename(dir), createdAt: now() }, readOnly)
    const contexts = options.contexts
    const registry = new Registry(contexts)
    const settings = registry.settings(document.data.settings) // a bad setting refuses the open, field named
    const store = new FileEventStore({ path: join(dir, 'events.jsonl'), readOnly, now, upcast: registry.upcast, onProgress: options.onProgress })
    const quotes = options.quotes ?? loadMarket(dir, Number(settings.marketSeed ?? 1))
    const engine = new Engine({
      contexts, store, clock: options.clock, quotes, settings,
      checkpoints: new CheckpointFolder(join(dir, 'checkpoints'), readOnly), checkpointEvery: options.checkpointEvery,
    })
    const visitFrom = engine.loadCheckpoints()
    const report = await store.open(engine.foldOnOpen, visitFrom)
    const resumed = await engine.finishOpen()
    let ticker: ReturnType<typeof setInterval> | undefined
    function startMarket(seconds: number): void {
      if (ticker) clearInterval(ticker)
      ticker = undefined
      if (readOnly || seconds <= 0) return
      let previous = options.clock.now()
      let busy = false
      ticker = setInterval(() => {
        if (busy) return
        busy = true
        const from = previous
        previous = options.clock.now()
        void engine.marketTick().then(() => engine.clockMoved(from)).finally(() => (busy = false))
      }, seconds * 1000)
      ticker.unref?.()
    }
    return {
      dir,
      engine,
      report: { ...report, resumed: resumed.length },
      document,
      async updateSettings(raw) {
        if (readOnly) throw new StormbookError('READ_ONLY', 'This workspace is open read-only: settings cannot be changed.')
        const merged = engine.setSettings(raw)
        document.data.settings = raw
        await document.write()
        if (ticker) startMarket(Number(merged.marketTickSeconds ?? 0))
        return merged
      },
      startMarket,
      async close() {
        if (ticker) clearInterval(ticker)
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
