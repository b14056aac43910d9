import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../../../main/sync/schema.ts'
import { usePostgres } from '../../support/postgres.ts'

const cluster = usePostgres()

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

describe('the sync server schema', () => {
  it('creates the events and streams tables, push and pull, on an empty database', async () => {
    const url = await cluster().createDatabase('fresh')
    const report = await withClient(url, migrate)
    expect(report).toEqual({ from: 0, to: 6, applied: [1, 2, 3, 4, 5, 6].map((version) => ({ version, name: expect.any(String) })) })
    const { rows } = await cluster().sql(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'stormbook' AND table_name = 'events' ORDER BY ordinal_position",
      [], 'fresh',
    )
    expect(rows.map((r) => `${r.column_name}:${r.data_type}`)).toEqual([
      'position:bigint', 'tx_id:xid8', 'event_id:uuid', 'team:text', 'stream:text', 'version:integer', 'type:text', 'at:text',
      'data:jsonb', 'meta:jsonb', 'origin:text', 'pushed_by:name', 'recorded_at:timestamp with time zone',
    ])
    expect(await withClient(url, schemaVersion)).toBe(6)
  })

  it('changes nothing when run again, and takes turns when run twice at once', async () => {
    const url = await cluster().createDatabase('twice')
    const [a, b] = await Promise.all([withClient(url, migrate), withClient(url, migrate)])
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, 6])
    const again = await withClient(url, migrate)
    expect(again).toEqual({ from: 6, to: 6, applied: [] })
    const { rows } = await cluster().sql('SELECT count(*)::int AS n FROM stormbook.migrations', [], 'twice')
    expect(rows[0].n).toBe(6)
  })

  it('runs only the migrations a server has not recorded, each once', async () => {
    const url = await cluster().createDatabase('later')
    await withClient(url, migrate)
    const next = { version: 7, name: 'a later column', sql: 'ALTER TABLE stormbook.streams ADD COLUMN note text' }
    const done = [1, 2, 3, 4, 5, 6].map((version) => ({ version, name: 'done', sql: 'SELECT 1/0' }))
    const report = await withClient(url, (c) => migrate(c, [...done, next]))
    expect(report).toEqual({ from: 6, to: 7, applied: [{ version: 7, name: 'a later column' }] })
    expect((await withClient(url, (c) => migrate(c, [next]))).applied).toEqual([])
  })

  it('a failed migration leaves nothing behind', async () => {
    const url = await cluster().createDatabase('broken')
    await expect(withClient(url, (c) => migrate(c, [{ version: 1, name: 'bad', sql: 'CREATE TABLE stormbook.x (a int); SELECT 1/0' }]))).rejects.toThrow(/division by zero/)
    expect(await withClient(url, schemaVersion)).toBe(0)
    const { rows } = await cluster().sql("SELECT to_regclass('stormbook.x') AS t", [], 'broken')
    expect(rows[0].t).toBeNull()
  })
})
