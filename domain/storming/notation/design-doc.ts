import type { StormColumn, StormHotspot } from './storm.ts'

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')
}

function counted(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([name, n]) => (n > 1 ? `${name} (${n})` : name)).join(', ')
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** What the design document needs besides the columns. */
export interface DesignDocOptions {
  title?: string
  /** The read models of the workspace, by context (from the registry). */
  readModels?: Readonly<Record<string, readonly string[]>>
  hotspots?: readonly StormHotspot[]
}

/**
 * The design document a workshop writes after event storming (as in the stock trader seed), generated
 * from the log: per bounded context and aggregate, a table of commands with who issued them and the
 * events they produced, with counts; the policies as "when X, then Y"; the read models; the open hotspots.
 */
export function designDocument(columns: readonly StormColumn[], options: DesignDocOptions = {}): string {
  const contexts = new Map<string, Map<string, Map<string, { issuers: Map<string, number>; events: Map<string, number>; count: number }>>>()
  const policies = new Map<string, Map<string, number>>()
  const typeOf = new Map<string, string>()
  for (const column of columns) for (const event of column.events) typeOf.set(event.id, event.type)

  for (const column of columns) {
    if (column.issuer.kind !== 'actor') {
      const when = typeOf.get(column.causationId) ?? 'an event'
      const rule = `when ${when}, then ${column.command}${column.events[0]?.type === 'PolicyCommandRejected' ? ' (refused)' : ''}`
      const who = column.issuer.kind === 'external' ? `**${column.issuer.name}** (external system)` : `**${column.issuer.name}**`
      const byPolicy = policies.get(who) ?? new Map<string, number>()
      bump(byPolicy, rule)
      policies.set(who, byPolicy)
    }
    if (column.events[0]?.type === 'PolicyCommandRejected') continue
    const aggregates = contexts.get(column.context) ?? new Map()
    contexts.set(column.context, aggregates)
    const commands = aggregates.get(column.aggregate) ?? new Map()
    aggregates.set(column.aggregate, commands)
    const row = commands.get(column.command) ?? { issuers: new Map(), events: new Map(), count: 0 }
    commands.set(column.command, row)
    row.count++
    bump(row.issuers, column.issuer.kind === 'actor' ? column.issuer.name : `${column.issuer.name} (${column.issuer.kind === 'policy' ? 'policy' : 'external system'})`)
    for (const event of column.events) bump(row.events, event.type)
  }

  const out: string[] = [`# ${options.title ?? 'Design document'}`, '']
  out.push(`Generated from ${columns.length} commands of the log.`, '')
  out.push('## Bounded contexts', '')
  for (const [context, aggregates] of contexts) {
    out.push(`### ${context.charAt(0).toUpperCase()}${context.slice(1)}`, '')
    for (const [aggregate, commands] of aggregates) {
      out.push(`#### ${aggregate} aggregate`, '', '| Command | Issued by | Events | Times |', '| --- | --- | --- | --- |')
      for (const [command, row] of commands) {
        // Who issued it: counted only where several issued the same command.
        const issuers = row.issuers.size > 1 ? counted(row.issuers) : [...row.issuers.keys()].join('')
        out.push(`| ${cell(command)} | ${cell(issuers)} | ${cell(counted(row.events))} | ${row.count} |`)
      }
      out.push('')
    }
  }
  out.push('## Policies', '')
  if (policies.size === 0) out.push('No policy reacted in this part of the log.', '')
  for (const [policy, rules] of policies) {
    out.push(`- ${policy}: ${[...rules].map(([rule, n]) => (n > 1 ? `${rule} (${n} times)` : rule)).join('; ')}`)
  }
  if (policies.size > 0) out.push('')
  out.push('## Read models', '')
  const readModels = Object.entries(options.readModels ?? {})
  if (readModels.length === 0) out.push('None listed.', '')
  for (const [context, names] of readModels) out.push(`- ${context}: ${names.join(', ')}`)
  if (readModels.length > 0) out.push('')
  out.push('## Open hotspots', '')
  const open = (options.hotspots ?? []).filter((h) => h.status === 'open')
  if (open.length === 0) out.push('None.', '')
  for (const hotspot of open) out.push(`- At event ${hotspot.position}: ${hotspot.text}`)
  return `${out.join('\n').trimEnd()}\n`
}
