import { exportCommand } from './export-command.ts'
import { toCodedError, type CodedError } from '../../domain/kernel/coded-error.ts'
import { flowFromLog, flowRun } from './flow-command.ts'
import { marketImport } from './market-command.ts'
import { queryCommand } from './query-command.ts'
import { SYNC_HELP, syncCommand } from '../sync/cli.ts'
import { logVerify } from './verify-command.ts'

const HELP = `stormbook — offline event-sourcing workbench

Usage:
  stormbook flow run <files…> [--workspace DIR [--take-over]] [--json]
                                                            run flow files as executable specifications
  stormbook flow from-log <workspace> --position N [--out FILE] [--json]
                                                            make a spec: the command at position N as a
                                                            given/when/then flow (read-only when in use)
  stormbook log verify <workspace> [--deep] [--json]        check a workspace's event log (crc, positions, versions,
                                                            times); --deep also re-folds every projection and compares
                                                            every checkpoint and the saved aggregate states with it
  stormbook market import <workspace> <SYMBOL> <file.csv>   keep a vendor CSV of daily bars for the simulated market
  stormbook export <workspace|file.flow.json> --format md|mermaid|svg|png|jsonl|flow [--out FILE]
                   [--from N] [--to M] [--correlation ID] [--lanes context|aggregate]
                                                            the log (or a part) as a design document, a Mermaid
                                                            flowchart, the storm as SVG/PNG, log lines, or
                                                            one given/when/then flow
  stormbook query <workspace> <QueryName> [params-json] [--as-of N] [--json]
                                                            answer a read model's query, now or as of a position
${SYNC_HELP}  stormbook help                                            this text

Exit codes:
  0   all good
  1   a check failed: a flow's expectation, a damaged log, a bad event time, a checkpoint that differs
  2   bad input: a usage error, a malformed or unreadable file, a missing or locked workspace
  3   sync: in sync except for conflicts (the Conflicts list says which)
  70  a bug in stormbook (reported with its code INTERNAL; STORMBOOK_DEBUG=1 prints the stack)
Every failure is printed as CODE: words (with --json also as {"ok":false,"error":{code,message,details}}).
`

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['json', 'help', 'deep', 'take-over'])

/** Splits argv into positional words and --flags (a flag takes the next word as its value when it has one). */
function parseArgs(argv: string[]): { words: string[]; flags: Map<string, string | true> } {
  const words: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (BOOLEAN_FLAGS.has(arg.slice(2))) flags.set(arg.slice(2), true)
    else if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split('=', 2)
      if (value !== undefined) flags.set(name, value)
      else if (i + 1 < argv.length) flags.set(name, argv[++i])
      else flags.set(name, true)
    } else words.push(arg)
  }
  return { words, flags }
}

/** The CLI's entry: returns the exit code; every failure is printed as a coded error, never a stack. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv)
  } catch (error) {
    return report(error, argv.includes('--json'))
  }
}

async function run(argv: string[]): Promise<number> {
  const { words, flags } = parseArgs(argv)
  const [group, verb, ...rest] = words
  const json = flags.get('json') === true
  const known = new Set(['json', 'help', 'workspace', 'as-of', 'deep', 'take-over', ...(group === 'sync' ? ['url', 'team'] : []), ...(group === 'export' ? ['format', 'out', 'from', 'to', 'correlation', 'lanes'] : []), ...(group === 'flow' && verb === 'from-log' ? ['position', 'out'] : [])])
  const unknown = [...flags.keys()].filter((f) => !known.has(f))
  if (unknown.length > 0) {
    process.stderr.write(`unknown option --${unknown[0]}\n\n${HELP}`)
    return 2
  }
  if (group === 'flow' && verb === 'run') {
    const workspace = flags.get('workspace')
    if (workspace === true) {
      process.stderr.write('--workspace needs a folder\n')
      return 2
    }
    return flowRun(rest, { workspace, json, takeOver: flags.get('take-over') === true })
  }
  if (group === 'flow' && verb === 'from-log') return flowFromLog(rest, { position: flags.get('position'), out: flags.get('out'), json })
  if (group === 'export') {
    const get = (name: string) => flags.get(name)
    return exportCommand(
      { source: verb, format: get('format'), out: get('out'), from: get('from'), to: get('to'), correlation: get('correlation'), lanes: get('lanes') },
      { stdout: (data) => process.stdout.write(data), stderr: (text) => process.stderr.write(text) },
    )
  }
  if (group === 'log' && verb === 'verify') return logVerify(rest[0], { json, deep: flags.get('deep') === true })
  if (group === 'market' && verb === 'import') return marketImport(rest, json)
  if (group === 'sync') return syncCommand([verb, ...rest].filter((w): w is string => w !== undefined), flags)
  if (group === 'query') return queryCommand(words.slice(1), { asOf: flags.get('as-of'), json })
  if (group === undefined || group === 'help' || flags.has('help')) {
    process.stdout.write(HELP)
    return 0
  }
  process.stderr.write(`unknown command: ${words.join(' ')}\n\n${HELP}`)
  return 2
}

/** Codes of a check that failed (exit 1); every other coded error is bad input (exit 2). */
const CHECK_FAILED = new Set(['LOG_CORRUPT'])

/**
 * Any failure as a coded error and its exit code: a coded error keeps its code; a file the system cannot
 * read (EISDIR, ENOENT, EACCES…) is FILE_UNREADABLE; input nested too deeply to handle is INPUT_TOO_DEEP;
 * anything else is a bug (INTERNAL, exit 70).
 */
export function failureOf(error: unknown): { error: CodedError; exit: number } {
  const system = error as NodeJS.ErrnoException
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { error: { code: 'INPUT_TOO_DEEP', message: 'The input is nested too deeply to handle (a JSON value inside it has thousands of levels).', details: {} }, exit: 2 }
  }
  if (error instanceof Error && typeof system.code === 'string' && typeof system.syscall === 'string') {
    const path = system.path
    return { error: { code: 'FILE_UNREADABLE', message: `${path ?? 'a file'}: ${system.code} (${system.syscall} failed).`, details: { path: path ?? null, cause: system.code } }, exit: 2 }
  }
  const coded = toCodedError(error)
  if (coded.code === 'INTERNAL') return { error: coded, exit: 70 }
  return { error: coded, exit: CHECK_FAILED.has(coded.code) ? 1 : 2 }
}

/** Prints a failure in words (and as JSON with --json), never a stack unless STORMBOOK_DEBUG is set. */
function report(error: unknown, json: boolean): number {
  const { error: coded, exit } = failureOf(error)
  process.stderr.write(`stormbook: ${coded.code}: ${coded.message}\n`)
  if (process.env.STORMBOOK_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: { details: {}, ...coded } }) + '\n')
  return exit
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')
if (isEntry) {
  const json = process.argv.includes('--json')
  process.on('uncaughtException', (error) => process.exit(report(error, json)))
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
