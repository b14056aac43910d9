import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { syncCommand } from '../../../main/sync/cli.ts'
import { appReader, passwordFromApp, type ReaderCommand } from '../../../main/sync/keychain-password.ts'
import { usePostgres } from '../../support/postgres.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()

beforeAll(async () => {
  await cluster().createTeamServer('kept')
  await cluster().sql('CREATE ROLE password_required NOLOGIN')
  await cluster().sql("CREATE ROLE rep_dina LOGIN PASSWORD 'correct horse' IN ROLE stormbook_rep, password_required")
  await cluster().sql('CREATE ROLE rep_eve LOGIN IN ROLE stormbook_rep')
  await cluster().sql("INSERT INTO stormbook.team_members VALUES ('east', 'rep_dina'), ('east', 'rep_eve')", [], 'kept')
})

/** A stand-in for the app's reader: a Node script that runs `body`, noting each run (argv, the workspace asked for). */
function fakeReader(name: string, body: string): ReaderCommand & { runs(): Array<{ argv: string[]; workspace: string }> } {
  const folder = tempDir()
  const script = join(folder, `${name}.mjs`)
  const log = join(folder, `${name}.runs`)
  writeFileSync(script, `import { appendFileSync } from 'node:fs'
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), workspace: process.env.STORMBOOK_KEYCHAIN_WORKSPACE }) + '\\n')
${body}
`)
  return {
    command: process.execPath,
    args: [script],
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []),
  }
}

const answers = (answer: unknown) => `process.stdout.write('Electron warming up\\n' + ${JSON.stringify(JSON.stringify(answer))} + '\\n')`

let saved: string | undefined
beforeEach(() => {
  saved = process.env.PGPASSWORD
  delete process.env.PGPASSWORD
})
afterEach(() => {
  if (saved === undefined) delete process.env.PGPASSWORD
  else process.env.PGPASSWORD = saved
})

describe('the app\'s keychain, asked by the CLI', () => {
  it('answers the password the reader prints on its pipe, the workspace given in its environment, not its arguments', async () => {
    const reader = fakeReader('keeps', answers({ ok: true, password: 'correct horse' }))
    expect(await passwordFromApp('/work/east', reader)).toBe('correct horse')
    expect(reader.runs()).toEqual([{ argv: [], workspace: '/work/east' }])
  })

  it('refuses in words, SYNC_PASSWORD_MISSING, when the reader has no password, fails, hangs or cannot start', async () => {
    const words = /^No password for the sync server: set PGPASSWORD or save the password in the app \(Settings ▸ Team sync\)\. /
    await expect(passwordFromApp('/work/east', fakeReader('none', answers({ ok: false, error: { code: 'SYNC_PASSWORD_NOT_KEPT', message: 'The app keeps no password for /work/east.' } }))))
      .rejects.toMatchObject({ code: 'SYNC_PASSWORD_MISSING', message: expect.stringMatching(/The app keeps no password for \/work\/east\.$/), details: { field: 'password' } })
    await expect(passwordFromApp('/work/east', fakeReader('crashes', "process.stderr.write('Gtk: cannot open display\\n'); process.exit(3)")))
      .rejects.toMatchObject({ code: 'SYNC_PASSWORD_MISSING', message: expect.stringMatching(/reader exited with code 3 without an answer/), details: { cause: 'Gtk: cannot open display' } })
    await expect(passwordFromApp('/work/east', fakeReader('hangs', 'setInterval(() => {}, 1000)'), 300))
      .rejects.toMatchObject({ code: 'SYNC_PASSWORD_MISSING', message: expect.stringMatching(/no answer within 0.3 s/) })
    await expect(passwordFromApp('/work/east', { command: join(tempDir(), 'no-such-electron'), args: [] }))
      .rejects.toMatchObject({ code: 'SYNC_PASSWORD_MISSING', message: expect.stringMatching(words) })
    // Here Electron's binary is absent (or the reader not built): said before anything runs.
    expect(() => appReader(join(tempDir(), 'not-built.cjs'))).toThrow(expect.objectContaining({ code: 'SYNC_PASSWORD_MISSING', message: expect.stringMatching(words) }))
  })

  it('lets `stormbook sync <workspace>` log in with the app\'s password when PGPASSWORD is unset, and print it nowhere', async () => {
    const reader = fakeReader('dina', answers({ ok: true, password: 'correct horse' }))
    const out: string[] = []
    const err: string[] = []
    const dir = join(tempDir(), 'dina')
    const code = await syncCommand([dir], new Map<string, string | true>([['url', cluster().url('kept', 'rep_dina')], ['team', 'east']]), {
      out: (l) => out.push(l), err: (l) => err.push(l), clock: new SimulatedClock('2027-01-04T09:00:00Z'), keychainReader: reader,
    })
    expect({ code, err }).toEqual({ code: 0, err: [] })
    expect(out.join('\n')).toContain('In sync.')
    expect(out.join('\n') + err.join('\n')).not.toContain('correct horse')
    expect(reader.runs()).toHaveLength(1)
  })

  it('says how to give a password when the server wants one and the app keeps none; asks nothing of a server that needs none', async () => {
    const none = fakeReader('dina-none', answers({ ok: false, error: { code: 'SYNC_PASSWORD_NOT_KEPT', message: 'The app keeps no password for this workspace.' } }))
    const err: string[] = []
    const io = { out: () => undefined, err: (l: string) => err.push(l), clock: new SimulatedClock('2027-01-04T09:00:00Z'), keychainReader: none }
    const flags = (login: string) => new Map<string, string | true>([['url', cluster().url('kept', login)], ['team', 'east']])
    expect(await syncCommand([join(tempDir(), 'dina')], flags('rep_dina'), io)).toBe(1)
    expect(err).toEqual(['sync: SYNC_PASSWORD_MISSING: No password for the sync server: set PGPASSWORD or save the password in the app (Settings ▸ Team sync). The app keeps no password for this workspace.'])

    const unused = fakeReader('eve', answers({ ok: true, password: 'never asked' }))
    expect(await syncCommand([join(tempDir(), 'eve')], flags('rep_eve'), { ...io, keychainReader: unused })).toBe(0)
    expect(unused.runs()).toEqual([])
  })
})
