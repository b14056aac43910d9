import type pg from 'pg'
import { MIGRATIONS, type Migration } from './migrations.ts'

/** What `migrate` did: the schema version before and after, and the migrations it ran. */
export interface MigrationReport {
  from: number
  to: number
  applied: Array<{ version: number; name: string }>
}

// Any constant: pg_advisory_xact_lock keys are shared by the whole database.
const MIGRATION_LOCK = 0x5b5_0001

/**
 * Creates or brings up to date the `stormbook` schema on the server: every migration not yet recorded in
 * `stormbook.migrations`, in order, in one transaction under an advisory lock (two laptops running it at
 * once take turns; running it again changes nothing).
 */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE SCHEMA IF NOT EXISTS stormbook')
    await client.query(
      'CREATE TABLE IF NOT EXISTS stormbook.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM stormbook.migrations')
    const from = rows[0].version ?? 0
    const applied: MigrationReport['applied'] = []
    for (const migration of migrations) {
      if (migration.version <= from) continue
      await client.query(migration.sql)
      await client.query('INSERT INTO stormbook.migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name])
      applied.push({ version: migration.version, name: migration.name })
    }
    await client.query('COMMIT')
    return { from, to: applied.at(-1)?.version ?? from, applied }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/** The schema version a server is at (0: never initialised). */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('stormbook.migrations') IS NOT NULL AS exists")
  if (!rows[0].exists) return 0
  const latest = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM stormbook.migrations')
  return latest.rows[0].version ?? 0
}
