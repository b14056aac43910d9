import { DEFAULT_PALETTE, type Palette, type StickyKind } from './palette.ts'
import type { StormColumn } from './storm.ts'

const PREFIX: Record<StickyKind, string> = { actor: 'actor', policy: 'policy', external: 'system', readModel: 'view', command: 'cmd', aggregate: 'agg', event: 'evt', hotspot: 'hot' }

/** A Mermaid node id: letters, digits and underscores only. */
function nodeId(kind: StickyKind, ...parts: string[]): string {
  return `${PREFIX[kind]}_${parts.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`
}

/** A label inside Mermaid's `["…"]`: quotes and brackets as entity codes, one line. */
function label(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;')).slice(0, 120)
}

/**
 * The storm as a Mermaid flowchart, by kind rather than by instance: actor → command → aggregate → events
 * → policy → command …, with external systems, read models and refused policy commands (hotspots), each
 * kind in its notation colour.
 */
export function stormMermaid(columns: readonly StormColumn[], options: { palette?: Palette } = {}): string {
  const palette = options.palette ?? DEFAULT_PALETTE
  const nodes = new Map<string, { kind: StickyKind; text: string }>()
  const edges = new Set<string>()
  const node = (kind: StickyKind, text: string, ...key: string[]) => {
    const id = nodeId(kind, ...(key.length > 0 ? key : [text]))
    if (!nodes.has(id)) nodes.set(id, { kind, text })
    return id
  }
  const edge = (from: string, to: string, dashed = false) => edges.add(`  ${from} ${dashed ? '-.->' : '-->'} ${to}`)
  const eventNodeOf = new Map<string, string>()
  for (const column of columns) for (const event of column.events) eventNodeOf.set(event.id, nodeId('event', column.aggregate, event.type))

  for (const column of columns) {
    const issuerKind: StickyKind = column.issuer.kind === 'actor' ? 'actor' : column.issuer.kind
    const issuer = node(issuerKind, column.issuer.name)
    const cause = eventNodeOf.get(column.causationId)
    if (cause && column.issuer.kind !== 'actor') edge(cause, issuer)
    for (const readModel of column.readModels) edge(node('readModel', readModel), issuer, true)
    if (column.events[0]?.type === 'PolicyCommandRejected') {
      const code = String((column.events[0].data as Record<string, unknown>).code ?? 'REJECTED')
      const hot = node('hotspot', `${column.command} refused: ${code}`, column.command, code)
      edge(issuer, hot, true)
      continue
    }
    const command = node('command', column.command, column.aggregate, column.command)
    const aggregate = node('aggregate', column.aggregate)
    edge(issuer, command)
    edge(command, aggregate)
    for (const event of column.events) edge(aggregate, node('event', event.type, column.aggregate, event.type))
  }
  const lines = ['flowchart LR']
  for (const [kind, colour] of Object.entries(palette)) lines.push(`  classDef ${kind} fill:${colour},stroke:#555,color:#111`)
  for (const [id, n] of nodes) lines.push(`  ${id}["${label(n.text)}"]:::${n.kind}`)
  lines.push(...edges)
  return `${lines.join('\n')}\n`
}
