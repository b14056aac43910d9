import { beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { inRepWords } from '../../../main/sync/not-a-member.ts'
import { openSyncService, type SyncStatus } from '../../../main/sync/sync-service.ts'
import { codedError } from '../../../domain/kernel/coded-error.ts'
import { usePostgres } from '../../support/postgres.ts'
import { laptopsClosedAfterEach } from '../../support/sync-laptops.ts'
import { tempDir } from '../../support/workspace.ts'

const cluster = usePostgres()
const clock = new SimulatedClock('2027-01-04T09:00:00Z')
let repUrl = ''

beforeAll(async () => {
  await cluster().createTeamServer('outsiders')
  await cluster().sql('CREATE ROLE rep_ola LOGIN IN ROLE stormbook_rep')
  repUrl = cluster().url('outsiders', 'rep_ola')
})

const open = laptopsClosedAfterEach()

async function laptop() {
  const dir = tempDir()
  const ws = await openWorkspace(dir, { contexts, clock })
  const service = openSyncService({ workspaceDir: dir, engine: ws.engine, clock: () => clock.now(), password: async () => undefined })
  open.push({ ws, service })
  return { ws, service }
}

const words = 'Your login "rep_ola" is not a member of team "north". Ask whoever runs the sync server to run: stormbook sync add-member <server url> --team north --login rep_ola'

describe('a login that is not a member of the team, in a rep\'s words', () => {
  it('says who is not a member of which team, and the command to ask for, from the server\'s refusal', () => {
    const fromServer = codedError('SYNC_NOT_A_MEMBER', 'push: login "rep_ola" is not a member of team "north"; the server\'s admin adds it with `stormbook sync add-member <url> --team TEAM --login LOGIN`')
    expect(inRepWords(fromServer)).toMatchObject({ code: 'SYNC_NOT_A_MEMBER', message: words, details: { field: 'team', team: 'north', login: 'rep_ola' } })
    const other = codedError('SYNC_SERVER_UNREACHABLE', 'connect: the server cannot be reached')
    expect(inRepWords(other)).toBe(other)
  })

  it('answers Sync now with those words, and the status reads not-a-member with them', async () => {
    const ola = await laptop()
    await ola.ws.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, actor: 'rep-7' })
    await ola.service.configure({ url: repUrl, team: 'north', everySeconds: 0 })
    const seen: SyncStatus[] = []
    ola.service.onStatus((s) => seen.push(s))
    await expect(ola.service.syncNow()).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER', message: words })
    expect(ola.service.status()).toMatchObject({ state: 'not-a-member', pending: 1, lastError: { code: 'SYNC_NOT_A_MEMBER', message: words, details: { team: 'north', login: 'rep_ola' } } })
    expect(seen.at(-1)?.state).toBe('not-a-member')
    expect(ola.service.status().lastError!.message).not.toMatch(/SB004|SQLSTATE|\bat \w+ \(/)
  })

  it('answers Test connection with the team named with those words, and without a team with the versions', async () => {
    const ola = await laptop()
    await expect(ola.service.testConnection({ url: repUrl, team: 'north' })).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER', message: words, details: { field: 'team' } })
    expect(await ola.service.testConnection({ url: repUrl })).toMatchObject({ schemaVersion: 6 })
  })

  it('goes back to synced once the admin adds the login', async () => {
    const ola = await laptop()
    await ola.service.configure({ url: repUrl, team: 'south', everySeconds: 0 })
    await expect(ola.service.syncNow()).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' })
    await cluster().sql("INSERT INTO stormbook.team_members VALUES ('south', 'rep_ola')", [], 'outsiders')
    await ola.service.syncNow()
    expect(ola.service.status()).toMatchObject({ state: 'synced', lastError: null })
  })
})
