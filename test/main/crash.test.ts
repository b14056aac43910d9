import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSync } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { Dec, money, type EventEnvelope } from '../../domain/kernel/index.ts'
import { SystemClock } from '../../main/app/clock.ts'
import { openWorkspace, type Workspace } from '../../main/app/workspace.ts'
import { ledger } from '../support/ledger-context.ts'

/**
 * DESIGN.md durability contract: "A crash loses at most commands that were never acknowledged", a torn
 * last line is moved aside, and a cascade cut short by a crash is resumed when the workspace opens.
 *
 * A child process dispatches ledger commands with several in flight and prints `ack <commandId>` for each
 * one that resolved ok; it is SIGKILLed at a random moment, then the workspace (one folder, growing over
 * every run) is reopened here and audited against the acks. A SIGKILL does not tear a write (the page
 * cache keeps whatever write() took), so every third run also tears the part of the log no ack covers
 * (cut at a random byte: a torn line, or a cascade cut between two of its events), as a power cut during
 * the last write would; that cut may take events flushed but not yet acknowledged, harsher than needed.
 */

const runs = Number(process.env.CRASH_RUNS ?? 50)
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const childScript = join(root, 'test/main/crash-child.ts')
/**
 * The child, bundled once into one plain .mjs: a child started with `--import tsx` spends seconds of CPU
 * on a loaded machine resolving and transforming each module, and every kill paid it. The bundle is the
 * same code (the same engine, store and ledger), started by plain node.
 */
const bundleDir = mkdtempSync(join(tmpdir(), 'stormbook-crash-child-'))
const childBundle = join(bundleDir, 'crash-child.mjs')
buildSync({
  entryPoints: [childScript], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: childBundle, logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
})
const checkpointEvery = 250
const threshold = new Dec('1000')
/** Children spawned ahead of time: loading the engine overlaps the runs before. */
const spares = 2
/** How long after `ready` a child may live: from at once to well into its load. */
const maxKillDelayMs = 250

/** A child process of crash-child.ts, as seen from here. */
interface Child {
  proc: ChildProcess
  tag: string
  loaded: Promise<void>
  ready: Promise<void>
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  acks: string[]
  /** commandId → the command the child sent under it. */
  sent: Map<string, unknown>
  stderr: () => string
}

const children: Child[] = []

function spawnChild(dir: string, tag: string): Child {
  const proc = spawn(process.execPath, [childBundle, dir, tag, String(checkpointEvery)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
  const acks: string[] = []
  const sent = new Map<string, unknown>()
  let out = ''
  let err = ''
  let onLoaded: () => void = () => undefined
  let onReady: () => void = () => undefined
  const loaded = new Promise<void>((r) => (onLoaded = r))
  const ready = new Promise<void>((r) => (onReady = r))
  proc.stdout!.setEncoding('utf8')
  proc.stdout!.on('data', (chunk: string) => {
    out += chunk
    let nl: number
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl)
      out = out.slice(nl + 1)
      if (line.startsWith('ack ')) {
        const space = line.indexOf(' ', 4)
        const id = space < 0 ? line.slice(4) : line.slice(4, space)
        acks.push(id)
        if (space >= 0) sent.set(id, JSON.parse(line.slice(space + 1)))
      }
      else if (line === 'loaded') onLoaded()
      else if (line === 'ready') onReady()
      else err += `(stdout) ${line}\n`
    }
  })
  proc.stderr!.setEncoding('utf8')
  proc.stderr!.on('data', (chunk: string) => (err += chunk))
  proc.stdin!.on('error', () => undefined) // a child killed before reading `go`
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on('close', (code, signal) => r({ code, signal })))
  const child: Child = { proc, tag, loaded, ready, closed, acks, sent, stderr: () => err }
  children.push(child)
  return child
}

/** Resolves with `promise`, or fails naming the child when it ends or stalls first. */
async function orFail<T>(child: Child, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`child ${child.tag}: no ${what} after 15 s\n${child.stderr()}`)), 15_000)))
  const ended = child.closed.then(({ code, signal }) => {
    throw new Error(`child ${child.tag} ended (code ${code}, signal ${signal}) before ${what}\n${child.stderr()}`)
  })
  try {
    return await Promise.race([promise, stalled, ended])
  } finally {
    clearTimeout(timer)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/**
 * What the log must satisfy, checked as it grows: positions and versions gap-free from 1, each cascade's
 * events contiguous, every Deposited ≥ threshold followed by its BonusGranted and then the
 * PolicyCommandRejected of FreezeOnBonus (each exactly once), and balances as folded here.
 */
class LogAudit {
  lastPosition = 0
  lastId = ''
  readonly versions = new Map<string, number>()
  readonly rootCommands = new Set<string>()
  readonly balances = new Map<string, Dec>()
  private readonly events = new Map<string, EventEnvelope>()
  private readonly closedCorrelations = new Set<string>()
  private correlation = ''
  /** Deposited ≥ threshold → its BonusGranted; BonusGranted → its PolicyCommandRejected. */
  private readonly bonusOf = new Map<string, EventEnvelope>()
  private readonly rejectionOf = new Map<string, EventEnvelope>()
  readonly bigDeposits: EventEnvelope[] = []
  bonuses = 0

  /** Takes the next events of the log (positions lastPosition+1…). */
  take(events: readonly EventEnvelope[]): void {
    for (const e of events) {
      const where = `position ${e.position} (${e.type} on ${e.stream})`
      expect(e.position, `${where}: positions are gap-free`).toBe(this.lastPosition + 1)
      expect(e.version, `${where}: versions are gap-free`).toBe((this.versions.get(e.stream) ?? 0) + 1)
      this.lastPosition = e.position
      this.lastId = e.id
      this.versions.set(e.stream, e.version)
      this.events.set(e.id, e)
      const correlation = e.meta.correlationId
      if (correlation !== this.correlation) {
        expect(this.closedCorrelations.has(correlation), `${where}: the cascade of ${correlation} is split in the log`).toBe(false)
        if (this.correlation) this.closedCorrelations.add(this.correlation)
        this.correlation = correlation
      }
      if (e.meta.commandId === correlation) this.rootCommands.add(correlation)
      const d = e.data as { accountId: string; amount: string; code?: string }
      switch (e.type) {
        case 'AccountOpened':
          expect(this.balances.has(d.accountId), `${where}: account opened twice`).toBe(false)
          this.balances.set(d.accountId, new Dec(0))
          break
        case 'Deposited':
          this.balances.set(d.accountId, this.balances.get(d.accountId)!.plus(d.amount))
          if (new Dec(d.amount).gte(threshold)) this.bigDeposits.push(e)
          break
        case 'BonusGranted': {
          this.balances.set(d.accountId, this.balances.get(d.accountId)!.plus(d.amount))
          const cause = this.events.get(e.meta.causationId)
          expect(cause?.type, `${where}: a bonus is caused by a Deposited`).toBe('Deposited')
          expect(new Dec((cause!.data as { amount: string }).amount).gte(threshold), `${where}: bonus for a small deposit`).toBe(true)
          expect(this.bonusOf.has(cause!.id), `${where}: second bonus for one deposit`).toBe(false)
          expect(e.meta.policy).toBe('BonusOnBigDeposit')
          this.bonusOf.set(cause!.id, e)
          this.bonuses++
          break
        }
        case 'PolicyCommandRejected': {
          const cause = this.events.get(e.meta.causationId)
          expect(cause?.type, `${where}: FreezeOnBonus reacts to BonusGranted`).toBe('BonusGranted')
          expect(d.code).toBe('CANNOT_FREEZE')
          expect(this.rejectionOf.has(cause!.id), `${where}: FreezeOnBonus recorded twice for one bonus`).toBe(false)
          this.rejectionOf.set(cause!.id, e)
          break
        }
        default:
          throw new Error(`${where}: unexpected event type`)
      }
    }
  }

  /** Every big deposit so far has its bonus and then its refused freeze (the cascade ran to the end). */
  expectCascadesComplete(): void {
    for (const deposit of this.bigDeposits) {
      const bonus = this.bonusOf.get(deposit.id)
      expect(bonus, `Deposited at ${deposit.position} (${(deposit.data as { amount: string }).amount}) has no BonusGranted`).toBeDefined()
      expect(bonus!.position).toBeGreaterThan(deposit.position)
      const refused = this.rejectionOf.get(bonus!.id)
      expect(refused, `BonusGranted at ${bonus!.position} has no PolicyCommandRejected`).toBeDefined()
      expect(refused!.position).toBeGreaterThan(bonus!.position)
    }
    expect(this.bonuses).toBe(this.bigDeposits.length)
  }

  total(): string {
    let total = new Dec(0)
    for (const balance of this.balances.values()) total = total.plus(balance)
    return money(total)
  }
}

/** Reads the log of an open workspace from `from` to its end, in slices. */
function readFrom(workspace: Workspace, from: number): EventEnvelope[] {
  const store = workspace.engine.store
  const out: EventEnvelope[] = []
  for (let p = from; p <= store.lastPosition; p += 5000) out.push(...store.readRange(p, Math.min(store.lastPosition, p + 4999)))
  return out
}

/**
 * Cuts events.jsonl at a random byte past the last line an ack covers (and past `from`): what a power cut
 * during the last, unacknowledged write leaves. Returns the size cut to, or undefined when nothing is
 * unacknowledged.
 */
function tearUnacknowledgedTail(log: string, from: number, acked: ReadonlySet<string>): number | undefined {
  const bytes = readFileSync(log)
  let safe = from
  let start = from
  for (let nl = bytes.indexOf(10, start); nl >= 0; nl = bytes.indexOf(10, start)) {
    const line = JSON.parse(bytes.toString('utf8', start, nl)) as EventEnvelope
    if (acked.has(line.meta.correlationId)) safe = nl + 1
    start = nl + 1
  }
  if (bytes.length <= safe) return undefined
  const cut = safe + Math.floor(Math.random() * (bytes.length - safe))
  truncateSync(log, cut)
  return cut
}

describe('crash: a child appending under load is SIGKILLed at random moments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormbook-crash-'))
  const log = join(dir, 'events.jsonl')

  afterAll(() => {
    for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    rmSync(bundleDir, { recursive: true, force: true })
  })

  it(`loses no acknowledged command over ${runs} kills, and resumes every cut cascade`, { timeout: 60_000 + runs * 2_000 }, async () => {
    const audit = new LogAudit()
    let size = 0
    let acknowledged = 0
    let torn = 0
    let tornFiles = 0
    let cascadesCut = 0
    let resumed = 0
    const queue: Child[] = []
    let spawned = 0
    const refill = () => {
      while (queue.length < spares && spawned < runs) queue.push(spawnChild(dir, `k${spawned++}`))
    }
    refill()

    for (let run = 0; run < runs; run++) {
      const child = queue.shift()!
      refill()
      await orFail(child, child.loaded, 'loaded')
      child.proc.stdin!.write('go\n')
      await orFail(child, child.ready, 'ready')
      await sleep(Math.random() * maxKillDelayMs)
      expect(child.proc.exitCode, `child ${child.tag} ended by itself:\n${child.stderr()}`).toBeNull()
      child.proc.kill('SIGKILL')
      const { signal } = await child.closed // 'close': reaped, and every ack it printed is read
      expect(signal, `child ${child.tag} ended by itself:\n${child.stderr()}`).toBe('SIGKILL')
      acknowledged += child.acks.length
      const acked = new Set(child.acks)

      let cut: number | undefined
      if (run % 3 === 2) cut = tearUnacknowledgedTail(log, size, acked)
      if (cut !== undefined) torn++
      const before = readFileSync(log)
      const wholeLines = before.subarray(size).reduce((n, byte) => (byte === 10 ? n + 1 : n), 0)
      const tornBytes = before.subarray(before.lastIndexOf(10) + 1)

      const stale = JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')) as { pid: number }
      expect(stale.pid, 'the dead child still holds the lock').toBe(child.proc.pid)
      const workspace = await openWorkspace(dir, { contexts: [ledger], clock: new SystemClock(), checkpointEvery }) // takes it over
      try {
        const { report } = workspace
        const bytesNow = readFileSync(log)
        expect(bytesNow.length === 0 || bytesNow[bytesNow.length - 1] === 10, 'the log ends with a whole line').toBe(true)
        if (report.tornFile) {
          tornFiles++
          expect(report.tornFile.startsWith(`${log}.torn-`)).toBe(true)
          expect(existsSync(report.tornFile)).toBe(true)
          expect(readFileSync(report.tornFile).equals(tornBytes), 'the torn file holds exactly the torn bytes').toBe(true)
        } else {
          expect(tornBytes.length, 'a torn last line is moved aside').toBe(0)
        }
        resumed += report.resumed

        const store = workspace.engine.store
        expect(store.lastPosition, 'nothing before this run was lost').toBeGreaterThanOrEqual(audit.lastPosition)
        if (audit.lastPosition > 0) expect(store.readRange(audit.lastPosition, audit.lastPosition)[0].id).toBe(audit.lastId)
        expect(store.lastPosition - (audit.lastPosition + wholeLines), 'what opening appended is the resumed cascade').toBe(report.resumed)
        audit.take(readFrom(workspace, audit.lastPosition + 1))
        if (report.resumed > 0) cascadesCut++
        audit.expectCascadesComplete()

        const missing = child.acks.filter((id) => !audit.rootCommands.has(id))
        expect(missing, `run ${run}: acknowledged commands missing from the log`).toEqual([])
        for (const id of child.acks.slice(-3)) {
          const again = await workspace.engine.dispatch(child.sent.get(id))
          expect(again.ok && again.duplicate, `re-dispatching acknowledged ${id} is a duplicate`).toBe(true)
          const other = await workspace.engine.dispatch({ command: 'OpenAccount', data: { accountId: `retry-${id}`, owner: 'retry' }, commandId: id })
          expect(other.ok === false && other.error.code, `${id} with another command is refused`).toBe('COMMAND_ID_REUSED')
        }
        expect(store.lastPosition, 'duplicates write nothing').toBe(audit.lastPosition)

        const total = workspace.engine.query('Total')
        expect(total).toEqual({ ok: true, value: { total: audit.total(), count: audit.balances.size } })
        const accounts = [...audit.balances.keys()]
        for (const accountId of [accounts[0], accounts[accounts.length - 1]].filter(Boolean)) {
          const balance = workspace.engine.query('Balance', { accountId })
          expect(balance.ok && (balance.value as { balance: string }).balance, `balance of ${accountId}`).toBe(money(audit.balances.get(accountId)!))
        }
      } finally {
        await workspace.close()
      }
      expect(existsSync(join(dir, '.lock')), 'closing releases the lock').toBe(false)
      size = statSync(log).size
    }

    // The whole log once more, from scratch, as a fresh open sees it.
    const workspace = await openWorkspace(dir, { contexts: [ledger], clock: new SystemClock(), checkpointEvery })
    try {
      expect(workspace.report).toEqual({ resumed: 0 })
      const whole = new LogAudit()
      whole.take(readFrom(workspace, 1))
      whole.expectCascadesComplete()
      expect(whole.lastPosition).toBe(audit.lastPosition)
      expect(whole.total()).toBe(audit.total())
    } finally {
      await workspace.close()
    }
    const tornOnDisk = readdirSync(dir).filter((f) => f.startsWith('events.jsonl.torn-')).length
    expect(tornOnDisk).toBe(tornFiles)
    expect(acknowledged, 'the children acknowledged commands at all').toBeGreaterThan(runs)
    expect(audit.bigDeposits.length, 'cascades ran').toBeGreaterThan(0)
    console.info(
      `crash: ${runs} kills, ${audit.lastPosition} events, ${acknowledged} acks checked, ${torn} tails torn ` +
        `(${tornFiles} torn lines moved aside, ${cascadesCut} cut cascades resumed with ${resumed} events)`,
    )
  })
})
