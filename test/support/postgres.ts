import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { migrate } from '../../main/sync/schema.ts'

const run = promisify(execFile)

/**
 * A throwaway PostgreSQL cluster listening only on a Unix socket in a temp folder (fsync off). Logins are
 * trusted, except members of the role `password_required` (create it to test passwords).
 */
export interface TestCluster {
  /** The folder holding the socket (and the data folder). */
  dir: string
  /** A connection URL over the socket: `postgresql://user@/database?host=<dir>`. */
  url(database?: string, user?: string): string
  /** Runs SQL as the superuser (`postgres`) in `database`. */
  sql(text: string, params?: unknown[], database?: string): Promise<pg.QueryResult>
  /** A fresh, empty database; answers its URL (as the superuser). */
  createDatabase(name: string): Promise<string>
  /** A fresh database with the team sync schema migrated (`stormbook sync init`); answers its URL. */
  createTeamServer(name: string): Promise<string>
  /** Stops the server at once (a crash, as far as clients can tell); `start` brings it back. */
  stop(): Promise<void>
  start(): Promise<void>
}

/** The newest PostgreSQL's bin folder, or a clear failure: tests never skip silently. */
function binFolder(): string {
  const fromEnv = process.env.STORMBOOK_PG_BIN
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : []
  versions.sort((a, b) => Number(b) - Number(a))
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb. The sync tests need a real server: ' +
        'apt-get install -y postgresql (or set STORMBOOK_PG_BIN to a folder holding initdb and pg_ctl).',
    )
  }
  return join(root, versions[0], 'bin')
}

/** Runs a PostgreSQL program; as root, as the `postgres` user (initdb refuses root). */
async function pgProgram(bin: string, program: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args]
  try {
    await run(file, argv, { timeout: 60_000 })
  } catch (error) {
    const e = error as { stderr?: string; message: string }
    throw new Error(`${program} failed: ${e.stderr?.trim() || e.message}`)
  }
}

/** Creates and starts a cluster in a new folder under /tmp. */
export async function startCluster(): Promise<TestCluster> {
  const bin = binFolder()
  const dir = mkdtempSync('/tmp/stormbook-pg-')
  chmodSync(dir, 0o755)
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error('Running as root, the sync tests need a `postgres` user to run the server as (initdb refuses root).')
    })
    chownSync(dir, Number(stdout.trim()), -1)
  }
  const data = join(dir, 'data')
  await pgProgram(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'])
  // Logins in the role `password_required` must give a password (scram); every other local login is trusted.
  const hba = join(data, 'pg_hba.conf')
  writeFileSync(hba, `local all +password_required scram-sha-256\nlocal all all trust\n`)
  if (process.getuid?.() === 0) chownSync(hba, statSync(data).uid, statSync(data).gid)
  const options = `-F -k ${dir} -c listen_addresses='' -c shared_buffers=16MB -c max_connections=40`
  const start = () => pgProgram(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'])
  await start()
  const url = (database = 'postgres', user = 'postgres') => `postgresql://${user}@/${database}?host=${encodeURIComponent(dir)}`
  const sql = async (text: string, params: unknown[] = [], database = 'postgres') => {
    const client = new pg.Client({ connectionString: url(database) })
    await client.connect()
    try {
      return await client.query(text, params)
    } finally {
      await client.end()
    }
  }
  return {
    dir,
    url,
    sql,
    async createDatabase(name) {
      await sql(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
      return url(name)
    },
    async createTeamServer(name) {
      await sql(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
      const client = new pg.Client({ connectionString: url(name) })
      await client.connect()
      try {
        await migrate(client)
      } finally {
        await client.end()
      }
      return url(name)
    },
    stop: () => pgProgram(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
  }
}

/** Stops a cluster and removes its folder. */
export async function removeCluster(cluster: TestCluster): Promise<void> {
  await cluster.stop().catch(() => undefined)
  rmSync(cluster.dir, { recursive: true, force: true })
}

/**
 * One cluster for the test file: started before its tests (about 2-3 s), stopped and removed after.
 * Returns a getter (the cluster exists only once beforeAll has run).
 */
export function usePostgres(): () => TestCluster {
  let cluster: TestCluster | undefined
  beforeAll(async () => {
    cluster = await startCluster()
  }, 120_000)
  afterAll(async () => {
    if (cluster) await removeCluster(cluster)
  }, 60_000)
  return () => {
    if (!cluster) throw new Error('the PostgreSQL test cluster is not running (did beforeAll fail?)')
    return cluster
  }
}
