import { exportCommand } from './export-command.ts'
import { flowRun } from './flow-command.ts'
import { marketImport } from './market-command.ts'
import { queryCommand } from './query-command.ts'
import { logVerify } from './verify-command.ts'

const HELP = `stormbook — offline event-sourcing workbench

Usage:
  stormbook flow run <files…> [--workspace DIR] [--json]   run flow files as executable specifications
  stormbook log verify <workspace> [--json]                 check a workspace's event log (crc, positions, versions)
  stormbook market import <workspace> <SYMBOL> <file.csv>   keep a vendor CSV of daily bars for the simulated market
  stormbook export <workspace|file.flow.json> --format md|mermaid|svg|png|jsonl [--out FILE]
                   [--from N] [--to M] [--correlation ID] [--lanes context|aggregate]
                                                            the log (or a part) as a design document, a Mermaid
                                                            flowchart, the storm as SVG/PNG, or log lines
  stormbook query <workspace> <QueryName> [params-json] [--as-of N] [--json]
                                                            answer a read model's query, now or as of a position
  stormbook help                                            this text

Exit codes: 0 all good, 1 a failed expectation or a damaged log, 2 a malformed file or a usage error.
`

/** Splits argv into positional words and --flags (a flag takes the next word as its value when it has one). */
function parseArgs(argv: string[]): { words: string[]; flags: Map<string, string | true> } {
  const words: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json' || arg === '--help') flags.set(arg.slice(2), true)
    else if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split('=', 2)
      if (value !== undefined) flags.set(name, value)
      else if (i + 1 < argv.length) flags.set(name, argv[++i])
      else flags.set(name, true)
    } else words.push(arg)
  }
  return { words, flags }
}

/** The CLI's entry: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { words, flags } = parseArgs(argv)
  const [group, verb, ...rest] = words
  const json = flags.get('json') === true
  const known = new Set(['json', 'help', 'workspace', 'as-of', ...(group === 'export' ? ['format', 'out', 'from', 'to', 'correlation', 'lanes'] : [])])
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
    return flowRun(rest, { workspace, json })
  }
  if (group === 'export') {
    const get = (name: string) => flags.get(name)
    return exportCommand(
      { source: verb, format: get('format'), out: get('out'), from: get('from'), to: get('to'), correlation: get('correlation'), lanes: get('lanes') },
      { stdout: (data) => process.stdout.write(data), stderr: (text) => process.stderr.write(text) },
    )
  }
  if (group === 'log' && verb === 'verify') return logVerify(rest[0], json)
  if (group === 'market' && verb === 'import') return marketImport(rest, json)
  if (group === 'query') return queryCommand(words.slice(1), { asOf: flags.get('as-of'), json })
  if (group === undefined || group === 'help' || flags.has('help')) {
    process.stdout.write(HELP)
    return 0
  }
  process.stderr.write(`unknown command: ${words.join(' ')}\n\n${HELP}`)
  return 2
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error) => {
      process.stderr.write(`stormbook: unexpected error: ${(error as Error).stack ?? String(error)}\n`)
      process.exitCode = 70
    },
  )
}
