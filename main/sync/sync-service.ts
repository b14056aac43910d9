import { v7 as uuidv7 } from 'uuid'
import { codedError, toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import type { Clock, EventEnvelope } from '../../domain/kernel/index.ts'
import type { Engine } from '../app/engine.ts'
import { applyRebase } from './apply-rebase.ts'
import { engineLog } from './engine-log.ts'
import { inRepWords } from './not-a-member.ts'
import { listenForEvents, START, SyncServer, type SyncedEvent } from './server.ts'
import { syncOnce, type PullProgress, type SyncReport } from './sync-client.ts'
import { roundQueue, startSyncLoop, type SyncLoop } from './sync-loop.ts'
import { checkServerUrl, checkSyncSettings, checkTeam, type SyncSettings } from './sync-settings.ts'
import { readSyncState, writeSyncState, type RefusedCommand, type SyncState } from './sync-state.ts'

export type { SyncSettings } from './sync-settings.ts'

/** What the top bar and Settings ▸ Team sync show. */
export interface SyncStatus {
  configured: boolean
  /** The server, without any password. */
  url: string | null
  team: string | null
  /** 0: only when asked. */
  everySeconds: number
  /** `not-a-member`: the server refused the login for the team (SYNC_NOT_A_MEMBER; `lastError` says what to do). */
  state: 'off' | 'syncing' | 'synced' | 'pending' | 'offline' | 'not-a-member' | 'conflicts'
  /** Local events not yet pushed. */
  pending: number
  /** Refused commands waiting in the Conflicts panel (and streams in conflict not yet rebased). */
  conflicts: number
  /** Refused commands set aside (discarded or retried), kept in the panel's archive. */
  archived: number
  lastSyncAt: string | null
  lastError: CodedError | null
  /** The first pull of a large team log. */
  progress: PullProgress | null
}

/** One entry of the Conflicts panel: a pending command the merged state refused. */
export interface SyncConflictView {
  /** The pending command's id. */
  id: string
  command: string
  aggregate: string
  actor: string | null
  /** The command's input (meta.input). */
  data: Record<string, unknown>
  /** The rule that refused it on the merged state, in words. */
  code: string
  message: string
  /** The events that got there first (as the server numbers them; no local position). */
  theirs: SyncedEvent[]
  at: string
  /** Set aside (sync.json's archive, kept across sessions): when, and how. Absent while it waits in the panel. */
  archivedAt?: string
  outcome?: 'discarded' | 'retried'
}

/** What a round did, with what its rebase decided. */
export interface SyncServiceReport extends SyncReport {
  /** Pending commands re-decided on the merged state and pushed again. */
  rebased: number
  /** Pending commands the merged state refused (now in the Conflicts panel). */
  refused: number
}

/** Team sync of one open workspace, transport-free (IPC, the CLI and tests call it alike). */
export interface SyncService {
  status(): SyncStatus
  /** Hears every change of the status; returns the unsubscribe function. */
  onStatus(listener: (status: SyncStatus) => void): () => void
  /** Validates and keeps the settings (sync.json; never the password), then syncs on their schedule. */
  configure(settings: SyncSettings): Promise<SyncStatus>
  /** Connects and answers the server's versions (the settings given, else the workspace's). */
  testConnection(settings?: { url: string; team?: string }): Promise<{ serverVersion: string; schemaVersion: number }>
  syncNow(): Promise<SyncServiceReport>
  /** The Conflicts panel: refused commands waiting, then the archive (discarded or retried, never deleted). */
  conflicts(): SyncConflictView[]
  /** Sets a refused command aside: moved to sync.json's archive, never deleted. */
  discard(conflictId: string): Promise<SyncStatus>
  /** Dispatches a refused command again with edited data; accepted, it is pushed at once. */
  retry(conflictId: string, data: Record<string, unknown>): Promise<SyncServiceReport>
  close(): Promise<void>
}

/** What a workspace's sync service needs. */
export interface SyncServiceOptions {
  workspaceDir: string
  engine: Engine
  clock: () => string
  /** Electron: the keychain (safeStorage); browser mode and CLI: undefined, and PGPASSWORD is used. */
  password: () => Promise<string | undefined>
  /** Events pushed or pulled at a time (default 1,000). */
  pageSize?: number
  /** The server to sync with instead of sync.json's (the CLI's `--url`): not kept, and no loop runs. */
  url?: string
}

/** Rounds of rebase a sync may need when teammates keep pushing the same deal meanwhile. */
const MAX_REBASES = 3

/** Adds a further pass of the same round to its report. */
function absorb(report: SyncServiceReport, again: SyncReport): void {
  report.pushed += again.pushed
  report.duplicates += again.duplicates
  report.pulled += again.pulled
  report.conflicts = again.conflicts
}

/** A refused command as the Conflicts panel shows it. */
function conflictView(r: RefusedCommand): SyncConflictView {
  return { id: r.id, command: r.command, aggregate: r.aggregate, actor: r.actor, data: r.data, code: r.code, message: r.message, theirs: r.theirs, at: r.at }
}

/** Opens the sync service of an open workspace (its state from sync.json; a loop if it syncs on a timer). */
export function openSyncService(options: SyncServiceOptions): SyncService {
  const { workspaceDir: dir, engine } = options
  const clock: Clock = { now: options.clock }
  let state: SyncState | undefined = readSyncState(dir)
  let running = false
  let lastError: CodedError | null = null
  let progress: PullProgress | null = null
  let loop: SyncLoop | null = null
  let closed = false
  const listeners = new Set<(status: SyncStatus) => void>()

  function status(): SyncStatus {
    const server = state?.server
    const pending = Math.max(0, engine.store.lastPosition - (state?.pushedUpTo ?? 0))
    const conflicts = (state?.refused?.length ?? 0) + (state?.conflicts.length ?? 0)
    const offline = lastError?.code === 'SYNC_SERVER_UNREACHABLE'
    const notMember = lastError?.code === 'SYNC_NOT_A_MEMBER'
    return {
      configured: server !== undefined, url: server?.url ?? null, team: state?.team ?? null, everySeconds: server?.everySeconds ?? 0,
      state: !server ? 'off' : running ? 'syncing' : offline ? 'offline' : notMember ? 'not-a-member' : conflicts > 0 ? 'conflicts' : pending > 0 ? 'pending' : 'synced',
      pending, conflicts, archived: state?.archive?.length ?? 0, lastSyncAt: state?.lastSyncAt ?? null, lastError, progress,
    }
  }

  function emit(): void {
    const now = status()
    for (const listener of listeners) {
      try {
        listener(now)
      } catch {
        // a listener's failure is its own
      }
    }
  }

  const save = (s: SyncState) => writeSyncState(dir, s)
  const unsubscribe = engine.subscribe(() => emit())

  function configured(): { current: SyncState; url: string } {
    const url = options.url ?? state?.server?.url
    if (!state || url === undefined) throw codedError('SYNC_NOT_CONFIGURED', 'Team sync is not set up: give the server and the team in Settings ▸ Team sync.', { field: 'url' })
    return { current: state, url }
  }

  async function connect(url: string): Promise<SyncServer> {
    return SyncServer.connect(url, { password: await options.password() })
  }

  /** One round: push and pull; each stream in conflict is rebased and its re-decided commands pushed. */
  async function round(): Promise<SyncServiceReport> {
    const { current, url } = configured()
    running = true
    progress = null
    emit()
    try {
      const server = await connect(url)
      try {
        const pulled: EventEnvelope[] = []
        const log = engineLog(engine, (events) => pulled.push(...events))
        const sync = () => syncOnce({ log, server, state: current, clock, save, pageSize: options.pageSize ?? 1000, onProgress: (p) => {
          progress = p.total !== null && p.total > 0 ? p : null
          emit()
        } })
        const report: SyncServiceReport = { ...(await sync()), rebased: 0, refused: 0 }
        for (let i = 0; i < MAX_REBASES && current.conflicts.length > 0; i++) {
          for (const conflict of [...current.conflicts]) {
            const applied = await applyRebase(engine, current, conflict, clock.now(), save)
            report.rebased += applied.accepted
            report.refused += applied.refused.length
            pulled.push(...applied.theirs)
          }
          save(current)
          absorb(report, await sync())
        }
        // Policies that now apply on the merged state fire here (docs/sync.md), and what they decide is pushed.
        if (pulled.length > 0) {
          const reacted = await engine.reactToPulled(pulled, new Set(pulled.map((e) => e.meta.commandId)))
          if (!reacted.ok) throw codedError(reacted.error.code, reacted.error.message, reacted.error.details)
          if (reacted.events.length > 0) absorb(report, await sync())
        }
        lastError = null
        return report
      } finally {
        await server.close()
      }
    } catch (error) {
      const worded = inRepWords(error)
      lastError = toCodedError(worded)
      throw worded
    } finally {
      running = false
      progress = null
      emit()
    }
  }

  const queue = roundQueue(round)

  async function startLoop(): Promise<void> {
    await loop?.close()
    loop = null
    const server = state?.server
    if (!server || server.everySeconds === 0 || closed || options.url !== undefined) return
    loop = await startSyncLoop({
      url: server.url, team: state!.team, login: { password: await options.password() }, everyMs: server.everySeconds * 1000,
      round: () => queue.syncNow(),
      onError: (error) => {
        lastError = toCodedError(inRepWords(error))
        emit()
      },
    })
  }

  function refusedEntry(id: string): RefusedCommand {
    const entry = state?.refused?.find((r) => r.id === id)
    if (!entry) throw codedError('SYNC_CONFLICT_NOT_FOUND', 'This conflict is not in the Conflicts panel (already discarded or retried?).', { field: 'conflictId' })
    return entry
  }

  function setAside(entry: RefusedCommand, outcome: 'discarded' | 'retried', retriedAs?: string): void {
    const s = state!
    s.refused = (s.refused ?? []).filter((r) => r !== entry)
    s.archive = [...(s.archive ?? []), { ...entry, outcome, resolvedAt: clock.now(), ...(retriedAs ? { retriedAs } : {}) }]
    save(s)
  }

  if (state?.server && state.server.everySeconds > 0 && options.url === undefined) {
    startLoop().catch((error) => {
      lastError = toCodedError(error)
    })
  }

  return {
    status,
    onStatus(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async configure(raw) {
      const settings = checkSyncSettings(raw)
      if (state && state.team !== settings.team && (state.lastSyncAt !== null || state.pushedUpTo > 0)) {
        throw codedError('SYNC_TEAM_MISMATCH', `team: this workspace syncs with team "${state.team}"; a workspace shares one team’s events for good`, { field: 'team', team: state.team })
      }
      state = state
        ? { ...state, team: settings.team, server: { url: settings.url, everySeconds: settings.everySeconds } }
        : { format: 1, team: settings.team, device: uuidv7(), pushedUpTo: 0, cursor: START, conflicts: [], lastSyncAt: null, server: { url: settings.url, everySeconds: settings.everySeconds } }
      await queue.idle()
      save(state)
      lastError = null
      emit()
      await startLoop()
      return status()
    },
    async testConnection(given) {
      const url = given ? checkServerUrl(given.url) : configured().url
      if (given?.team !== undefined) checkTeam(given.team)
      const team = given ? given.team : state?.team
      const server = await connect(url)
      try {
        const described = await server.describe()
        // A member may LISTEN for its team (schema 6 asks the server): so a login outside the team hears why now.
        if (team) await (await listenForEvents(url, team, () => undefined, { password: await options.password() })).close()
        return described
      } catch (error) {
        throw inRepWords(error)
      } finally {
        await server.close()
      }
    },
    syncNow: () => queue.syncNow(),
    conflicts: () => [
      ...(state?.refused ?? []).map(conflictView),
      ...(state?.archive ?? []).map((a) => ({ ...conflictView(a), archivedAt: a.resolvedAt, outcome: a.outcome })),
    ],
    async discard(conflictId) {
      await queue.idle()
      setAside(refusedEntry(conflictId), 'discarded')
      emit()
      return status()
    },
    async retry(conflictId, data) {
      await queue.idle()
      const entry = refusedEntry(conflictId)
      const result = await engine.dispatch({ command: entry.command, aggregate: entry.aggregate || undefined, data, ...(entry.actor ? { actor: entry.actor } : {}) })
      if (!result.ok) {
        entry.code = result.error.code
        entry.message = result.error.message
        save(state!)
        emit()
        throw codedError(result.error.code, result.error.message, result.error.details ?? {})
      }
      setAside(entry, 'retried', result.events[0]?.meta.commandId)
      emit()
      if (!state?.server) return { pushed: 0, duplicates: 0, pulled: 0, conflicts: [], rebased: 0, refused: 0 }
      return queue.syncNow()
    },
    async close() {
      closed = true
      unsubscribe()
      await loop?.close()
      await queue.idle()
    },
  }
}
