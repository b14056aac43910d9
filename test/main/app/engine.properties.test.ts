import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Dec, isCodedError, money, type CodedError, type EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import type { DispatchResult, Engine } from '../../../main/app/engine.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { ledger } from '../../support/ledger-context.ts'

/**
 * DESIGN.md's engine and event-log contracts under random input: commands valid and malformed, several in
 * flight at once, thrown at an Engine over a real workspace folder; then the log is closed, reopened,
 * torn at its end or damaged in its middle.
 */

const numRuns = Number(process.env.PROPERTY_RUNS ?? 30)
/** Each property's time limit grows with its runs (PROPERTY_RUNS=1000 for a long hunt). */
const timeout = 20_000 + numRuns * 500
const start = '2027-01-04T09:00:00Z'
const accountIds = ['a1', 'a2', 'a3']
const knownCommands = new Set(['OpenAccount', 'Deposit', 'GrantBonus', 'Freeze'])

// ----- commands ------------------------------------------------------------------------------------

/** A well-formed command; the model below knows what the engine must answer. */
type Valid =
  | { kind: 'open'; accountId: string; owner: string; commandId?: string; actor?: string }
  | { kind: 'deposit'; accountId: string; amount: string; commandId?: string; expectedVersion?: number }
  | { kind: 'audit'; auditId: string; commandId?: string }
/** A malformed command: refused, with `code` when the code is certain. */
type Malformed = { kind: 'bad'; why: string; input: unknown; code?: string }
type Step = Valid | Malformed

/** Ids from a small pool, so some commands reuse the id of an earlier one (retries). */
const commandId = fc.option(fc.integer({ min: 0, max: 9 }).map((n) => `cmd-${n}`), { nil: undefined })
const accountId = fc.constantFrom(...accountIds)
const goodAmount = fc.oneof(
  fc.constantFrom('1000', '1000.00', '999.99', '0', '0.01', '1000.001', '999.995'),
  fc.integer({ min: 0, max: 3000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a}.${b}`),
)
const badAmount = fc.oneof(
  fc.constantFrom('-5', '-0.01', '-1000', '1e3', 'abc', '', ' 10', '10 ', '10.', '.5', '1,000', 'NaN', 'Infinity', '+5', '0x10', '１０', '5\n'),
  fc.string().filter((s) => !/^\d+(\.\d+)?$/.test(s)),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, [], {}),
)
/**
 * Keys no schema knows, names of Object.prototype members among them. `__proto__` is left to its own
 * test at the end of this file.
 */
const unknownKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['accountId', 'owner', 'amount', 'auditId', '__proto__'].includes(k)),
  fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'),
)
const unknownTopKey = unknownKey.filter((k) => !['command', 'aggregate', 'data', 'commandId', 'actor', 'expectedVersion'].includes(k))

const valid: fc.Arbitrary<Valid> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), accountId, owner: fc.string({ minLength: 1, maxLength: 8 }), commandId, actor: fc.option(fc.constantFrom('rep-1', 'rep-2'), { nil: undefined }) }, { requiredKeys: ['kind', 'accountId', 'owner'] }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deposit' as const), accountId, amount: goodAmount, commandId, expectedVersion: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) }) }, { requiredKeys: ['kind', 'accountId', 'amount'] }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('audit' as const), auditId: fc.constantFrom('x', 'y'), commandId }, { requiredKeys: ['kind', 'auditId'] }) },
)

function bad(why: string, input: fc.Arbitrary<unknown>, code?: string): fc.Arbitrary<Malformed> {
  return input.map((i) => ({ kind: 'bad' as const, why, input: i, code }))
}

const deposit = (data: unknown) => ({ command: 'Deposit', aggregate: 'Account', data })
const malformed: fc.Arbitrary<Malformed> = fc.oneof(
  bad('missing owner', accountId.map((a) => ({ command: 'OpenAccount', data: { accountId: a } })), 'INVALID_COMMAND'),
  bad('missing accountId', fc.constant({ command: 'OpenAccount', data: { owner: 'o' } }), 'INVALID_COMMAND'),
  bad('missing amount', accountId.map((a) => deposit({ accountId: a })), 'INVALID_AMOUNT'),
  bad('missing data', fc.constant({ command: 'OpenAccount' }), 'INVALID_COMMAND'),
  bad('missing command', accountId.map((a) => ({ data: { accountId: a, owner: 'o' } })), 'INVALID_COMMAND'),
  bad('accountId of a wrong type', fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())).map((a) => ({ command: 'OpenAccount', data: { accountId: a, owner: 'o' } })), 'INVALID_COMMAND'),
  bad('empty accountId', fc.constant(deposit({ accountId: '', amount: '5' })), 'INVALID_COMMAND'),
  bad('bad amount', fc.tuple(accountId, badAmount).map(([a, amount]) => deposit({ accountId: a, amount })), 'INVALID_AMOUNT'),
  bad('unknown field in data', fc.tuple(accountId, unknownKey, fc.jsonValue()).map(([a, k, v]) => ({ command: 'OpenAccount', data: { accountId: a, owner: 'o', [k]: v } })), 'INVALID_COMMAND'),
  bad('unknown field in a Deposit', fc.tuple(accountId, unknownKey, fc.jsonValue()).map(([a, k, v]) => deposit({ accountId: a, amount: '5', [k]: v })), 'INVALID_COMMAND'),
  bad('unknown field in the envelope', fc.tuple(accountId, unknownTopKey, fc.jsonValue()).map(([a, k, v]) => ({ command: 'OpenAccount', data: { accountId: a, owner: 'o' }, [k]: v })), 'INVALID_COMMAND'),
  bad('unknown command', fc.string({ minLength: 1, maxLength: 30 }).filter((c) => !knownCommands.has(c)).map((c) => ({ command: c, data: {} }))),
  bad('random bytes as the command name', fc.uint8Array({ maxLength: 130 }).map((b) => ({ command: Buffer.from(b).toString('latin1'), data: { accountId: 'a1', owner: 'o' } }))),
  bad('command name of a wrong type', fc.oneof(fc.integer(), fc.constant(null), fc.constant(['OpenAccount'])).map((c) => ({ command: c, data: {} })), 'INVALID_COMMAND'),
  bad('random JSON as data', fc.tuple(fc.constantFrom('OpenAccount', 'Deposit', 'Freeze'), fc.constantFrom(undefined, 'Account'), fc.jsonValue()).map(([command, aggregate, data]) => ({ command, aggregate, data }))),
  bad('random value as the command', fc.anything()),
  bad('a policy-only command', fc.tuple(fc.constantFrom('GrantBonus', 'Freeze'), accountId).map(([command, a]) => ({ command, data: command === 'GrantBonus' ? { accountId: a, amount: '10' } : { accountId: a } })), 'POLICY_ONLY'),
  bad('an ambiguous command', accountId.map((a) => ({ command: 'Deposit', data: { accountId: a, amount: '5' } })), 'AMBIGUOUS_COMMAND'),
  bad('an unknown aggregate', accountId.map((a) => ({ command: 'Deposit', aggregate: 'Nope', data: { accountId: a, amount: '5' } })), 'UNKNOWN_COMMAND'),
  bad('a bad commandId', fc.constantFrom('', 'x'.repeat(201), 7, null).map((id) => ({ command: 'OpenAccount', data: { accountId: 'a1', owner: 'o' }, commandId: id })), 'INVALID_COMMAND'),
  bad('a bad expectedVersion', fc.constantFrom(-1, 1.5, '1', null).map((v) => ({ ...deposit({ accountId: 'a1', amount: '5' }), expectedVersion: v })), 'INVALID_COMMAND'),
)

const step: fc.Arbitrary<Step> = fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: malformed })
/**
 * Batches dispatched together (several commands in flight share a flush), after a first batch that opens
 * some of the accounts, so that deposits are not mostly refused.
 */
const batches = fc
  .tuple(fc.subarray(accountIds), fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }))
  .map(([opened, rest]) => [opened.map((a): Step => ({ kind: 'open', accountId: a, owner: `owner of ${a}` })), ...rest].filter((b) => b.length > 0))

function inputOf(s: Step): unknown {
  switch (s.kind) {
    case 'bad':
      return s.input
    case 'open':
      return { command: 'OpenAccount', data: { accountId: s.accountId, owner: s.owner }, ...(s.commandId && { commandId: s.commandId }), ...(s.actor && { actor: s.actor }) }
    case 'deposit':
      return { ...deposit({ accountId: s.accountId, amount: s.amount }), ...(s.commandId && { commandId: s.commandId }), ...(s.expectedVersion !== undefined && { expectedVersion: s.expectedVersion }) }
    case 'audit':
      return { command: 'Deposit', aggregate: 'Audit', data: { auditId: s.auditId }, ...(s.commandId && { commandId: s.commandId }) }
  }
}

// ----- the model -----------------------------------------------------------------------------------

/** What the engine must answer: events of these types, a duplicate of an earlier step, or a refusal. */
type Expected = { ok: true; types: string[] } | { ok: true; duplicateOf: number } | { ok: false; code?: string }

/** The ledger as the test sees it: opened accounts, balances, stream versions, recorded command ids. */
class Model {
  readonly balances = new Map<string, Dec>()
  private readonly versions = new Map<string, number>()
  /** commandId → the step that recorded it and its index. */
  private readonly recorded = new Map<string, { index: number; step: Valid }>()
  /** Root commandId (the correlation of its events) → the input that recorded it. */
  readonly sent = new Map<string, unknown>()

  /**
   * Predicts the answer to step `index` and takes its effect (steps are decided in dispatch order). A
   * recorded commandId answers its first result when the command is the same (name, aggregate and data,
   * also across a reopen: the log keeps each command's input), and is refused with COMMAND_ID_REUSED
   * otherwise.
   */
  expect(s: Step, index: number): Expected {
    if (s.kind === 'bad') return { ok: false, code: s.code }
    const first = s.commandId !== undefined ? this.recorded.get(s.commandId) : undefined
    if (first) return this.sameCommand(first.step, s) ? { ok: true, duplicateOf: first.index } : { ok: false, code: 'COMMAND_ID_REUSED' }
    const answer = this.decide(s)
    if (answer.ok && s.commandId !== undefined) this.recorded.set(s.commandId, { index, step: s })
    return answer
  }

  private sameCommand(a: Valid, b: Valid): boolean {
    const identity = (v: Valid) =>
      v.kind === 'open' ? { command: 'OpenAccount/Account', stream: `Account-${v.accountId}`, data: { accountId: v.accountId, owner: v.owner } }
        : v.kind === 'deposit' ? { command: 'Deposit/Account', stream: `Account-${v.accountId}`, data: { accountId: v.accountId, amount: v.amount } }
          : { command: 'Deposit/Audit', stream: `Audit-${v.auditId}`, data: { auditId: v.auditId } }
    const [x, y] = [identity(a), identity(b)]
    if (x.command !== y.command || x.stream !== y.stream) return false
    return JSON.stringify(x.data) === JSON.stringify(y.data)
  }

  private bump(stream: string, by: number): void {
    this.versions.set(stream, (this.versions.get(stream) ?? 0) + by)
  }

  private decide(s: Valid): Expected {
    switch (s.kind) {
      case 'open':
        if (this.balances.has(s.accountId)) return { ok: false, code: 'ACCOUNT_EXISTS' }
        this.balances.set(s.accountId, new Dec(0))
        this.bump(`Account-${s.accountId}`, 1)
        return { ok: true, types: ['AccountOpened'] }
      case 'deposit': {
        const stream = `Account-${s.accountId}`
        const version = this.versions.get(stream) ?? 0
        if (s.expectedVersion !== undefined && s.expectedVersion !== version) return { ok: false, code: 'CONCURRENCY_CONFLICT' }
        const balance = this.balances.get(s.accountId)
        if (!balance) return { ok: false, code: 'UNKNOWN_ACCOUNT' }
        const amount = money(s.amount)
        if (new Dec(amount).gte(1000)) {
          this.balances.set(s.accountId, balance.plus(amount).plus(10))
          this.bump(stream, 2)
          return { ok: true, types: ['Deposited', 'BonusGranted', 'PolicyCommandRejected'] }
        }
        this.balances.set(s.accountId, balance.plus(amount))
        this.bump(stream, 1)
        return { ok: true, types: ['Deposited'] }
      }
      case 'audit':
        return { ok: true, types: ['AuditNoted'] }
    }
  }

  total(): { total: string; count: number } {
    let total = new Dec(0)
    for (const b of this.balances.values()) total = total.plus(b)
    return { total: money(total), count: this.balances.size }
  }
}

// ----- helpers -------------------------------------------------------------------------------------

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stormbook-prop-'))
}

function open(dir: string, options: { readOnly?: boolean; checkpointEvery?: number } = {}): Promise<Workspace> {
  return openWorkspace(dir, { contexts: [ledger], clock: new SimulatedClock(start), ...options })
}

/** Dispatches, failing loudly if dispatch throws or rejects instead of answering. */
async function dispatch(engine: Engine, input: unknown): Promise<DispatchResult> {
  let pending: Promise<DispatchResult>
  try {
    pending = engine.dispatch(input)
  } catch (error) {
    throw new Error(`dispatch threw for ${JSON.stringify(input)}: ${String(error)}`)
  }
  return pending.catch((error: unknown) => {
    throw new Error(`dispatch rejected for ${JSON.stringify(input)}: ${String(error)}`)
  })
}

/** The result is `{ok:true, events, position}` or `{ok:false, error:{code, message}}`, nothing else. */
function expectWellFormed(result: DispatchResult, what: string): void {
  expect(typeof result, what).toBe('object')
  if (result.ok) {
    expect(Array.isArray(result.events), what).toBe(true)
    expect(Number.isInteger(result.position), what).toBe(true)
  } else {
    expect(result.error.code, `${what}: a code that is UPPER_SNAKE text`).toMatch(/^[A-Z][A-Z0-9_]*$/)
    expect(result.error.code, `${what}: ${result.error.message}`).not.toBe('INTERNAL')
    expect(typeof result.error.message, what).toBe('string')
    expect(result.error.message.length, what).toBeGreaterThan(0)
  }
}

function readAll(engine: Engine): EventEnvelope[] {
  return engine.store.readRange(1, engine.store.lastPosition)
}

/** Positions gap-free from 1; each stream's versions gap-free from 1. */
function expectGapFree(events: readonly EventEnvelope[]): void {
  const versions = new Map<string, number>()
  events.forEach((e, i) => {
    expect(e.position, 'positions are gap-free from 1').toBe(i + 1)
    expect(e.version, `versions of ${e.stream} are gap-free from 1`).toBe((versions.get(e.stream) ?? 0) + 1)
    versions.set(e.stream, e.version)
  })
}

/** The read model's answers, copied (query results share the live state). */
function snapshot(engine: Engine, asOf?: number): unknown {
  const q = (name: string, params: unknown = {}) => structuredClone(engine.query(name, params, { asOf }))
  return { total: q('Total'), accounts: accountIds.map((accountId) => [q('Balance', { accountId }), q('History', { accountId })]) }
}

/** Balances folded straight from events, as the Total query reports them. */
function totalOf(events: readonly EventEnvelope[]): { total: string; count: number } {
  const balances = new Map<string, Dec>()
  for (const e of events) {
    const d = e.data as { accountId: string; amount: string }
    if (e.type === 'AccountOpened') balances.set(d.accountId, new Dec(0))
    if (e.type === 'Deposited' || e.type === 'BonusGranted') balances.set(d.accountId, balances.get(d.accountId)!.plus(d.amount))
  }
  let total = new Dec(0)
  for (const b of balances.values()) total = total.plus(b)
  return { total: money(total), count: balances.size }
}

/** Runs a few valid commands into a fresh workspace and closes it; returns the events written. */
async function writeLog(dir: string, steps: readonly Valid[], checkpointEvery?: number): Promise<{ events: EventEnvelope[] }> {
  const workspace = await open(dir, { checkpointEvery })
  try {
    for (const s of steps) await dispatch(workspace.engine, inputOf(s))
    return { events: readAll(workspace.engine) }
  } finally {
    await workspace.close()
  }
}

/** Where each line of a log starts and where its newline is. */
function linesOf(bytes: Buffer): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  for (let s = 0, nl = bytes.indexOf(10); nl >= 0; s = nl + 1, nl = bytes.indexOf(10, s)) out.push({ start: s, end: nl })
  return out
}

const logSteps = fc.array(valid, { minLength: 3, maxLength: 12 })
const checkpointEvery = fc.constantFrom(undefined, 2, 5)

// ----- properties ----------------------------------------------------------------------------------

describe('engine properties over a real workspace folder', () => {
  /**
   * Sends each batch at once (all in flight together) and checks every answer against the model: the
   * events it predicts, duplicates answering their first result, refusals writing nothing. Returns the
   * index of the next step.
   */
  async function runBatches(engine: Engine, plan: Step[][], model: Model, results: DispatchResult[], acknowledged: EventEnvelope[], start: number): Promise<number> {
    let index = start
    for (const batch of plan) {
      const before = engine.store.lastPosition
      const expected = batch.map((s, i) => model.expect(s, index + i))
      const answers = await Promise.all(batch.map((s) => dispatch(engine, inputOf(s))))
      let position = before
      answers.forEach((answer, i) => {
        const s = batch[i]
        const what = `step ${index + i} (${s.kind === 'bad' ? s.why : s.kind}): ${JSON.stringify(inputOf(s))} → ${JSON.stringify(answer)}`
        expectWellFormed(answer, what)
        const want = expected[i]
        expect(answer.ok, what).toBe(want.ok)
        if (!answer.ok) {
          if (!want.ok && want.code) expect(answer.error.code, what).toBe(want.code)
        } else if ('duplicateOf' in want) {
          const first = results[want.duplicateOf] ?? answers[want.duplicateOf - index]
          expect(answer.duplicate, what).toBe(true)
          expect(answer.events, `${what}: a duplicate answers the first result`).toEqual((first as { events: EventEnvelope[] }).events)
        } else if (want.ok) {
          if (answer.events.length > 0) model.sent.set(answer.events[0].meta.correlationId, inputOf(s))
          expect(answer.duplicate, what).toBeFalsy()
          expect(answer.events.map((e) => e.type), what).toEqual(want.types)
          answer.events.forEach((e, k) => expect(e.position, `${what}: its events follow the ones before`).toBe(position + 1 + k))
          position += answer.events.length
          acknowledged.push(...answer.events)
        }
      })
      // Refusals and duplicates wrote nothing: the log grew by exactly the new events, in order.
      expect(engine.store.lastPosition).toBe(position)
      expect(engine.store.readRange(before + 1, position)).toEqual(acknowledged.slice(before))
      results.push(...answers)
      index += batch.length
    }
    return index
  }

  it('random commands: answers as the model says, rejections write nothing, the log survives a reopen, and commands after it decide from the same states', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(batches, checkpointEvery, checkpointEvery, batches, async (plan, everyBefore, everyAfter, more) => {
        const dir = tempDir()
        try {
          const model = new Model()
          const results: DispatchResult[] = []
          const acknowledged: EventEnvelope[] = []
          let workspace = await open(dir, { checkpointEvery: everyBefore })
          let index = 0
          try {
            const engine = workspace.engine
            index = await runBatches(engine, plan, model, results, acknowledged, 0)
            const log = readAll(engine)
            expectGapFree(log)
            expect(log).toEqual(acknowledged)
            expect(engine.query('Total')).toEqual({ ok: true, value: model.total() })
          } catch (error) {
            await workspace.close()
            throw error
          }
          const before = snapshot(workspace.engine)
          await workspace.close()

          workspace = await open(dir, { checkpointEvery: everyAfter })
          try {
            expect(workspace.report).toEqual({ resumed: 0 })
            const log = readAll(workspace.engine)
            expect(log, 'every acknowledged event reads back the same after reopening').toEqual(acknowledged)
            expectGapFree(log)
            expect(snapshot(workspace.engine), 'the read model after reopening is the one before closing').toEqual(before)
            // Retrying a recorded command after the restart answers its first result and writes nothing;
            // its id with another command is refused.
            const roots = [...new Set(acknowledged.map((e) => e.meta.correlationId))].slice(-3)
            for (const id of roots) {
              const again = await dispatch(workspace.engine, { ...(model.sent.get(id) as object), commandId: id })
              expect(again.ok && again.duplicate, `retry of ${id}`).toBe(true)
              expect(again.ok && again.events, `retry of ${id}`).toEqual(acknowledged.filter((e) => e.meta.correlationId === id))
              const other = await dispatch(workspace.engine, { command: 'OpenAccount', data: { accountId: 'retried', owner: 'o' }, commandId: id })
              expect(other.ok === false && other.error.code, `another command under ${id}`).toBe('COMMAND_ID_REUSED')
            }
            expect(workspace.engine.store.lastPosition).toBe(acknowledged.length)
            for (const asOf of [0, Math.floor(log.length / 2), log.length - 1]) {
              if (asOf < 0) continue
              expect(workspace.engine.query('Total', {}, { asOf }), `Total as of ${asOf}`).toEqual({ ok: true, value: totalOf(log.slice(0, asOf)) })
            }
            // More commands after the reopen: the aggregate states they decide from (saved beside the
            // checkpoints, or folded from the log) are the ones the model has.
            await runBatches(workspace.engine, more, model, results, acknowledged, index)
            expect(readAll(workspace.engine)).toEqual(acknowledged)
            expect(workspace.engine.query('Total')).toEqual({ ok: true, value: model.total() })
          } finally {
            await workspace.close()
          }
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      { numRuns },
    )
  })

  it('a torn tail (random bytes after the last line, or the last line cut) is moved aside; every earlier event survives', { timeout }, async () => {
    const tail = fc.oneof(
      fc.record({ cutLastLine: fc.constant(false), keep: fc.constant(0), bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }) }),
      fc.record({ cutLastLine: fc.constant(true), keep: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
    )
    await fc.assert(
      fc.asyncProperty(logSteps, checkpointEvery, tail, async (steps, every, { cutLastLine, keep, bytes }) => {
        const dir = tempDir()
        try {
          const { events } = await writeLog(dir, steps, every)
          fc.pre(events.length > 0)
          const logPath = join(dir, 'events.jsonl')
          const original = readFileSync(logPath)
          const last = linesOf(original).at(-1)!
          // The torn part never holds a newline: that would be a complete (bad) line, not a torn one.
          const noise = Buffer.from(bytes.filter((b) => b !== 10))
          const prefix = cutLastLine ? original.subarray(0, last.start + (keep % (last.end - last.start + 1))) : original
          const torn = Buffer.concat([prefix.subarray(cutLastLine ? last.start : original.length), noise])
          fc.pre(torn.length > 0)
          writeFileSync(logPath, Buffer.concat([prefix, noise]))
          const survivors = cutLastLine ? events.slice(0, -1) : events

          const reader = await open(dir, { readOnly: true })
          try {
            expect(reader.report.tornBytes, 'read-only: the torn tail is reported').toBe(torn.length)
            expect(reader.report.tornFile, 'read-only: nothing is moved').toBeUndefined()
            expect(readAll(reader.engine)).toEqual(survivors)
          } finally {
            await reader.close()
          }

          const workspace = await open(dir, { checkpointEvery: every })
          try {
            const { report } = workspace
            expect(report.tornBytes).toBe(torn.length)
            expect(report.tornFile && readFileSync(report.tornFile).equals(torn), 'the torn bytes are moved aside, whole').toBe(true)
            const log = readAll(workspace.engine)
            expect(log.slice(0, survivors.length), 'every event before the torn line survives').toEqual(survivors)
            expectGapFree(log)
            // The cut line may have been part of a cascade: opening resumes it, after the survivors.
            expect(log.length).toBe(survivors.length + report.resumed)
            const after = await dispatch(workspace.engine, { command: 'OpenAccount', data: { accountId: 'after-tear', owner: 'o' } })
            expect(after.ok && after.events[0].position).toBe(log.length + 1)
          } finally {
            await workspace.close()
          }
          const again = await open(dir)
          try {
            expect(again.report, 'the next open finds a clean log').toEqual({ resumed: 0 })
            expect(readAll(again.engine).slice(0, survivors.length)).toEqual(survivors)
          } finally {
            await again.close()
          }
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      { numRuns },
    )
  })

  it('random bytes in the middle: a writable open fails with LOG_CORRUPT naming the line; read-only reads up to it', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(logSteps, checkpointEvery, fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 24 }), async (steps, every, lineSeed, offsetSeed, bytes) => {
        const dir = tempDir()
        try {
          const { events } = await writeLog(dir, steps, every)
          fc.pre(events.length >= 2)
          const logPath = join(dir, 'events.jsonl')
          const original = readFileSync(logPath)
          const lines = linesOf(original)
          // A line before the last; the bytes stay within it (its newline included), so a later line follows.
          const k = 1 + (lineSeed % (lines.length - 1))
          const { start: lineStart, end: lineEnd } = lines[k - 1]
          const at = lineStart + (offsetSeed % (lineEnd - lineStart + 1))
          const patch = Buffer.from(bytes.subarray(0, lineEnd + 1 - at))
          fc.pre(!original.subarray(at, at + patch.length).equals(patch))
          const fd = openSync(logPath, 'r+')
          writeSync(fd, patch, 0, patch.length, at)
          closeSync(fd)
          const damaged = readFileSync(logPath)

          const failure = await open(dir).then(
            async (w) => {
              await w.close()
              return undefined
            },
            (error: unknown) => error,
          )
          expect(isCodedError(failure), 'a writable open refuses a damaged log with a coded error').toBe(true)
          const error = failure as CodedError
          expect(error.code).toBe('LOG_CORRUPT')
          expect(error.details?.line).toBe(k)
          expect(error.message).toContain(`line ${k}`)
          expect(readFileSync(logPath).equals(damaged), 'the log is never rewritten in place').toBe(true)
          expect(existsSync(join(dir, '.lock')), 'the failed open releases the lock').toBe(false)

          const reader = await open(dir, { readOnly: true })
          try {
            expect(reader.report.corrupt?.line).toBe(k)
            expect(reader.engine.store.lastPosition).toBe(k - 1)
            expect(readAll(reader.engine), 'the events before the bad line read as written').toEqual(events.slice(0, k - 1))
            expect(reader.engine.query('Total'), 'the read model is folded up to the bad line').toEqual({ ok: true, value: totalOf(events.slice(0, k - 1)) })
            const refused = await dispatch(reader.engine, { command: 'OpenAccount', data: { accountId: 'z', owner: 'o' } })
            expect(!refused.ok && refused.error.code).toBe('READ_ONLY')
          } finally {
            await reader.close()
          }
          expect(readFileSync(logPath).equals(damaged), 'a read-only open writes nothing').toBe(true)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      { numRuns },
    )
  })

  // An unknown field named like an Object.prototype member must not be looked up through the prototype
  // chain of a spec's fieldCodes (it once came back with a function as its code).
  it('an unknown field named like an Object.prototype member is refused with a text code', async () => {
    const dir = tempDir()
    const workspace = await open(dir)
    try {
      await dispatch(workspace.engine, { command: 'OpenAccount', data: { accountId: 'a1', owner: 'o' } })
      for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
        const result = await dispatch(workspace.engine, deposit({ accountId: 'a1', amount: '5', [key]: 1 }))
        expectWellFormed(result, `unknown field ${key}`)
        expect(!result.ok && result.error.code).toBe('INVALID_COMMAND')
      }
      expect(workspace.engine.store.lastPosition).toBe(1)
    } finally {
      await workspace.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  // Regression (main/app/registry.ts): commandInputSchema parses `data` with z.record(), which copies the object
  // and drops an own `__proto__` key (JSON.parse makes one out of IPC or WebSocket text), so a command
  // whose data carries an unknown `__proto__` field is accepted, the field silently dropped, where any
  // other unknown field (and `__proto__` beside `data` in the envelope) is refused with INVALID_COMMAND.
  // Marked `fails` so the suite stays green while the bug is there; turn it into `it` once it is fixed.
  it('an unknown __proto__ field in data is refused like any other unknown field', async () => {
    const dir = tempDir()
    const workspace = await open(dir)
    try {
      const envelope = await dispatch(workspace.engine, JSON.parse('{"command":"OpenAccount","data":{"accountId":"a1","owner":"o"},"__proto__":{}}'))
      expect(!envelope.ok && envelope.error.code, 'beside data: refused').toBe('INVALID_COMMAND')
      const inData = await dispatch(workspace.engine, JSON.parse('{"command":"OpenAccount","data":{"accountId":"a1","owner":"o","__proto__":{}}}'))
      expect(inData.ok ? inData.events.map((e) => e.data) : inData.error, 'inside data: refused').toMatchObject({ code: 'INVALID_COMMAND', details: { field: '__proto__' } })
      expect(workspace.engine.store.lastPosition).toBe(0)
    } finally {
      await workspace.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  // Regression (main/app/engine.ts, stateAsOf): time travel loads the nearest checkpoint at or before the asked
  // position without checking its eventId against the log. Opening checks only the newest checkpoint
  // (foldOnOpen/finishOpen drop it when its event differs), so the older ones of another log (a log
  // replaced by a backup or an import, or a tail lost after checkpoints were written) stay on disk and
  // answer `query(..., {asOf})` with that other log's state. CheckpointFolder's own doc says "a
  // checkpoint from another log is ignored". Fix: in stateAsOf, use a checkpoint only when
  // `store.readRange(p, p)[0]?.id === checkpoint.eventId` (or drop every non-matching one on open).
  // Marked `fails` so the suite stays green while the bug is there; turn it into `it` once it is fixed.
  it('time travel ignores the checkpoints of another log', async () => {
    const [mine, other] = [tempDir(), tempDir()]
    try {
      for (const [dir, amount] of [[mine, '1'], [other, '7']]) {
        await writeLog(dir, [{ kind: 'open', accountId: 'a1', owner: 'o' }, ...Array.from({ length: 5 }, (): Valid => ({ kind: 'deposit', accountId: 'a1', amount }))], 2)
      }
      copyFileSync(join(other, 'events.jsonl'), join(mine, 'events.jsonl')) // checkpoints at 2, 4, 6 are mine's
      const workspace = await open(mine, { checkpointEvery: 2 })
      try {
        const log = readAll(workspace.engine)
        for (let asOf = 1; asOf <= log.length; asOf++) {
          expect(workspace.engine.query('Total', {}, { asOf }), `Total as of ${asOf}`).toEqual({ ok: true, value: totalOf(log.slice(0, asOf)) })
        }
      } finally {
        await workspace.close()
      }
    } finally {
      rmSync(mine, { recursive: true, force: true })
      rmSync(other, { recursive: true, force: true })
    }
  })
})
