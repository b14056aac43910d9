import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { main } from '../../../main/cli/index.ts'
import { captureCliOutput } from '../../support/cli-output.ts'
import { tempDir } from '../../support/workspace.ts'

const cli = captureCliOutput()

describe('stormbook market import and the workspace lock', () => {
  it('refuses a workspace another Stormbook holds with the lock\'s message, writing nothing, and imports once it is released', async () => {
    const dir = join(tempDir(), 'ws')
    const held = await openWorkspace(dir, { contexts, clock: new SystemClock() })
    const csv = join(dir, '..', 'acme.csv')
    writeFileSync(csv, 'date,open,high,low,close,volume\n2027-01-04,10,11,9,10.5,100\n')
    try {
      expect(await main(['market', 'import', dir, 'ACME', csv, '--json'])).toBe(1)
      const refused = JSON.parse(cli.out.trim())
      expect(refused.error.code).toBe('WORKSPACE_LOCKED')
      expect(refused.error.message).toContain(`pid ${process.pid}`)
      expect(existsSync(join(dir, 'market', 'ACME.csv'))).toBe(false)
      cli.clear()
      expect(await main(['market', 'import', dir, 'ACME', csv])).toBe(1)
      expect(cli.out).toMatch(/^Refused, nothing imported: WORKSPACE_LOCKED: /)
    } finally {
      await held.close()
    }
    cli.clear()
    expect(await main(['market', 'import', dir, 'ACME', csv])).toBe(0)
    expect(cli.out).toBe('Imported 1 daily bars of ACME, 2027-01-04 … 2027-01-04.\n')
    expect(existsSync(join(dir, 'market', 'ACME.csv'))).toBe(true)
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })
})
