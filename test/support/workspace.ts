import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { SimulatedClock } from '../../main/app/clock.ts'
import { openWorkspace, type OpenOptions } from '../../main/app/workspace.ts'
import { ledger } from './ledger-context.ts'

const made: string[] = []
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true })
})

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stormbook-test-'))
  made.push(dir)
  return dir
}

/** Opens a ledger workspace in `dir` with a simulated clock. */
export function openLedger(dir: string, options: Partial<OpenOptions> = {}) {
  return openWorkspace(dir, { contexts: [ledger], clock: new SimulatedClock('2027-01-04T09:00:00Z'), ...options })
}
