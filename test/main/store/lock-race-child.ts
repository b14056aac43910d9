/**
 * A would-be writer for lock-race.test.ts: for each `go <dir>` line on stdin it tries to take the
 * workspace lock of <dir> (and keeps it, never releasing), then prints `won <dir>`, or
 * `refused <dir> <code>` for a coded refusal, or `failed <dir> <message>`.
 *
 * Usage: node --import tsx test/main/store/lock-race-child.ts
 */
import { createInterface } from 'node:readline'
import { acquireLock } from '../../../main/store/lock.ts'

const lines = createInterface({ input: process.stdin })
process.stdout.write('loaded\n')
lines.on('line', (line) => {
  const dir = line.slice(3)
  try {
    acquireLock(dir, () => '2027-01-04T09:00:00.000Z')
    process.stdout.write(`won ${dir}\n`)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code === code.toUpperCase()) process.stdout.write(`refused ${dir} ${code}\n`)
    else process.stdout.write(`failed ${dir} ${(error as Error).message.replace(/\n/g, ' ')}\n`)
  }
})
lines.on('close', () => process.exit(0))
