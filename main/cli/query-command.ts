import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { codedError, isCodedError, toCodedError, type CodedError } from '../../domain/kernel/index.ts'
import { SystemClock } from '../app/clock.ts'
import { contexts } from '../app/contexts.ts'
import { openWorkspace, type Workspace } from '../app/workspace.ts'

/** Options of `stormbook query`. */
export interface QueryOptions {
  /** `--as-of N`: the position to answer as of (time travel). */
  asOf?: string | true
  json: boolean
}

/** Codes that come from how the command was called (exit 2), not from the workspace. */
const USAGE = new Set(['UNKNOWN_QUERY', 'INVALID_QUERY', 'WORKSPACE_NOT_FOUND', 'WORKSPACE_INVALID'])

function parseRequest(args: string[], options: QueryOptions): { dir: string; name: string; params: unknown; asOf?: number } {
  const [dir, name, paramsText, extra] = args
  if (!dir || !name) throw codedError('USAGE', 'query: stormbook query <workspace> <QueryName> [params-json] [--as-of N] [--json]', { field: dir ? 'query' : 'workspace' })
  if (extra !== undefined) throw codedError('USAGE', `query: unexpected argument "${extra}"`, { field: 'arguments' })
  let params: unknown = {}
  if (paramsText !== undefined) {
    try {
      params = JSON.parse(paramsText)
    } catch (error) {
      throw codedError('INVALID_QUERY', `params: not JSON (${(error as Error).message})`, { field: 'params' })
    }
  }
  let asOf: number | undefined
  if (options.asOf !== undefined) {
    asOf = typeof options.asOf === 'string' && /^\d+$/.test(options.asOf) ? Number(options.asOf) : Number.NaN
    if (!Number.isSafeInteger(asOf)) throw codedError('INVALID_QUERY', `--as-of: "${String(options.asOf)}" is not a position (a whole number ≥ 0)`, { field: 'asOf' })
  }
  return { dir: resolve(dir), name, params, asOf }
}

/** Opens the workspace for reading: writable when free (checkpoints may be refreshed), read-only while another holds it. */
export async function openForQuery(dir: string): Promise<Workspace> {
  if (!existsSync(dir)) throw codedError('WORKSPACE_NOT_FOUND', `There is no workspace at ${dir}.`, { path: dir })
  const options = { contexts, clock: new SystemClock(), create: false }
  try {
    return await openWorkspace(dir, options)
  } catch (error) {
    if (isCodedError(error) && error.code === 'WORKSPACE_LOCKED') return openWorkspace(dir, { ...options, readOnly: true })
    throw error
  }
}

/**
 * `stormbook query <workspace> <QueryName> [params-json] [--as-of N] [--json]`: answers any read model's
 * query, now or as of a position. Exit 0 answered, 1 the workspace could not be read, 2 a bad query,
 * params or usage (a coded error naming the field).
 */
export async function queryCommand(args: string[], options: QueryOptions): Promise<number> {
  const fail = (error: CodedError): number => {
    if (options.json) process.stdout.write(JSON.stringify({ ok: false, error }) + '\n')
    else process.stderr.write(`query: ${error.code}: ${error.message}\n`)
    return USAGE.has(error.code) || error.code === 'USAGE' ? 2 : 1
  }
  let request
  try {
    request = parseRequest(args, options)
  } catch (error) {
    return fail(toCodedError(error))
  }
  let workspace: Workspace
  try {
    workspace = await openForQuery(request.dir)
  } catch (error) {
    return fail(toCodedError(error))
  }
  try {
    const answer = workspace.engine.query(request.name, request.params, { asOf: request.asOf })
    if (!answer.ok) return fail(answer.error)
    const last = workspace.engine.store.lastPosition
    const position = request.asOf === undefined ? last : Math.min(request.asOf, last)
    const readOnly = workspace.engine.store.readOnly
    if (options.json) process.stdout.write(JSON.stringify({ ok: true, query: request.name, position, readOnly, value: answer.value }) + '\n')
    else {
      process.stdout.write(`${request.name} as of position ${position} of ${last}${readOnly ? ' (read-only: the workspace is in use)' : ''}\n`)
      process.stdout.write(JSON.stringify(answer.value, null, 2) + '\n')
    }
    return 0
  } finally {
    await workspace.close()
  }
}
