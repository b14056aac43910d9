/**
 * The process crash.test.ts kills: loads the engine, waits for `go` on stdin, opens the workspace, says
 * `ready`, then dispatches ledger commands with several in flight (so group commit shares flushes) and
 * prints `ack <commandId>` for each dispatch that resolved ok, until it is SIGKILLed.
 *
 * Usage: node --import tsx test/main/crash-child.ts <workspace> <run tag> <checkpointEvery>
 */
import { createInterface } from 'node:readline'
import { SystemClock } from '../../main/app/clock.ts'
import { openWorkspace } from '../../main/app/workspace.ts'
import { ledger } from '../support/ledger-context.ts'

const [dir, tag, every] = process.argv.slice(2)
const inFlight = 6
/** A child the parent never kills (a broken test) still goes away. */
const lifetimeMs = 20_000

function say(line: string): void {
  // stdout is a pipe: writes are synchronous on Linux, so a printed ack is out before any kill.
  process.stdout.write(line + '\n')
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
  const go = createInterface({ input: process.stdin })
  say('loaded')
  await new Promise<void>((resolve) => go.once('line', () => resolve()))
  go.close()
  setTimeout(() => process.exit(3), lifetimeMs).unref()

  const workspace = await openWorkspace(dir, { contexts: [ledger], clock: new SystemClock(), checkpointEvery: Number(every) })
  const engine = workspace.engine
  say('ready')

  let n = 0
  const opened: string[] = []
  const sent: Array<{ commandId: string; command: string; data: Record<string, unknown> }> = []

  function next(): { commandId: string; command: string; data: Record<string, unknown> } {
    const r = Math.random()
    if (r < 0.05 && sent.length > 0) return pick(sent) // a retry: must come back as a duplicate
    const commandId = `${tag}-c${n++}`
    if (opened.length === 0 || r < 0.25) {
      const accountId = `${tag}-a${opened.length}`
      opened.push(accountId) // dispatch order is decision order: later deposits see it opened
      return { commandId, command: 'OpenAccount', data: { accountId, owner: `owner ${accountId}` } }
    }
    if (r < 0.28) return { commandId, command: 'Deposit', data: { accountId: `${tag}-missing`, amount: '5' } } // refused
    return { commandId, command: 'Deposit', data: { accountId: pick(opened), amount: amount() } }
  }

  async function worker(): Promise<void> {
    for (;;) {
      const command = next()
      sent.push(command)
      const result = await engine.dispatch(command)
      if (result.ok) say(`ack ${command.commandId}`)
    }
  }

  await Promise.all(Array.from({ length: inFlight }, () => worker()))
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-child: ${(error as Error)?.stack ?? String(error)}\n`)
  process.exit(2)
})
