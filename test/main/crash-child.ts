/**
 * The process crash.test.ts kills: loads the engine, waits for `go` on stdin, opens the workspace, says
 * `ready`, then dispatches ledger commands with several in flight (so group commit shares flushes) and
 * prints `ack <commandId> <command as JSON>` for each dispatch that resolved ok, until it is SIGKILLed.
 *
 * Usage: node --import tsx test/main/crash-child.ts <workspace> <run tag> <checkpointEvery>
 * (crash.test.ts runs it bundled by esbuild into one .mjs, with plain node: the same code, started cheaply)
 */
import { createInterface } from 'node:readline'
import type { Clock } from '../../domain/kernel/index.ts'
import { openWorkspace } from '../../main/app/workspace.ts'
import { ledger } from '../support/ledger-context.ts'

const [dir, tag, every] = process.argv.slice(2)
const inFlight = 6
/** Accounts the children share, so the Balances read model (and its checkpoints) stays small. */
const accounts = 150
/** How often a worker pauses a few ms: keeps the log from growing by thousands of events per run. */
const pauseChance = 0.5
/** The system clock (main/app/clock.ts's SystemClock, without loading luxon: spawn time counts here). */
const clock: Clock = { now: () => new Date().toISOString() }
/** A child the parent never kills (a broken test) still goes away. */
const lifetimeMs = 20_000

function say(line: string): void {
  // stdout is a pipe: writes are synchronous on Linux, so a printed ack is out before any kill.
  process.stdout.write(line + '\n')
}

interface Command {
  commandId: string
  command: string
  aggregate?: string
  data: Record<string, unknown>
}

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]
}

/** An amount below, at or above the bonus threshold (1000), two fraction digits at most. */
function amount(): string {
  const r = Math.random()
  if (r < 0.1) return '1000'
  if (r < 0.35) return (1000 + Math.floor(Math.random() * 500_000) / 100).toFixed(2)
  if (r < 0.45) return '999.99'
  return String(1 + Math.floor(Math.random() * 900))
}

async function main(): Promise<void> {
  const stdin = createInterface({ input: process.stdin })
  let started = false
  say('loaded')
  await new Promise<void>((resolve) => {
    stdin.on('line', () => {
      started = true
      resolve()
    })
    stdin.on('close', () => {
      if (!started) process.exit(0) // the parent went away before saying go
    })
  })
  setTimeout(() => process.exit(3), lifetimeMs).unref()

  const workspace = await openWorkspace(dir, { contexts: [ledger], clock, checkpointEvery: Number(every) })
  const engine = workspace.engine
  say('ready')

  let n = 0
  const pool = Array.from({ length: accounts }, (_, i) => `acct-${i}`)
  const opened = pool.filter((accountId) => {
    const balance = engine.query('Balance', { accountId })
    return balance.ok && balance.value !== null
  })
  const closed = pool.filter((accountId) => !opened.includes(accountId))
  const sent: Command[] = []

  function next(): Command {
    const r = Math.random()
    if (r < 0.05 && sent.length > 0) return pick(sent) // a retry: must come back as a duplicate
    const commandId = `${tag}-c${n++}`
    if (closed.length > 0 && (opened.length === 0 || r < 0.2)) {
      const accountId = closed.splice(Math.floor(Math.random() * closed.length), 1)[0]
      opened.push(accountId) // dispatch order is decision order: later deposits see it opened
      return { commandId, command: 'OpenAccount', data: { accountId, owner: `owner of ${accountId}` } }
    }
    if (r < 0.25) return { commandId, command: 'OpenAccount', data: { accountId: pick(opened), owner: 'again' } } // refused: exists
    if (r < 0.28) return { commandId, command: 'Deposit', aggregate: 'Account', data: { accountId: 'missing', amount: '5' } } // refused
    return { commandId, command: 'Deposit', aggregate: 'Account', data: { accountId: pick(opened), amount: amount() } }
  }

  async function worker(): Promise<void> {
    for (;;) {
      const command = next()
      sent.push(command)
      const result = await engine.dispatch(command)
      if (result.ok) say(`ack ${command.commandId} ${JSON.stringify(command)}`)
      if (Math.random() < pauseChance) await new Promise((r) => setTimeout(r, Math.random() * 4))
    }
  }

  await Promise.all(Array.from({ length: inFlight }, () => worker()))
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-child: ${(error as Error)?.stack ?? String(error)}\n`)
  process.exit(2)
})
