import type { StormColumn } from './storm.ts'

/**
 * The causation chain through a column: the commands and events that led to it (its causation, back to
 * the root command) and everything it caused after (the policies that reacted, and theirs, to the last
 * event of the correlation). Answers the columns' indexes, in log order.
 */
export function causationChain(columns: readonly StormColumn[], selected: number): number[] {
  const start = columns[selected]
  if (!start) return []
  // The cascade is the columns sharing the correlation; the chain is the part linked to `start`.
  const cascade = columns.filter((c) => c.correlationId === start.correlationId)
  const byEventId = new Map<string, StormColumn>()
  for (const column of cascade) for (const event of column.events) byEventId.set(event.id, column)
  const byCommandId = new Map(cascade.map((c) => [c.commandId, c]))
  const children = new Map<number, StormColumn[]>()
  for (const column of cascade) {
    const parent = byEventId.get(column.causationId)
    if (parent && parent !== column) children.set(parent.index, [...(children.get(parent.index) ?? []), column])
  }

  const chain = new Set<number>([start.index])
  // Back: each column's cause is an event of another column (a policy's command) or its own command.
  let cursor: StormColumn | undefined = start
  while (cursor) {
    const parent: StormColumn | undefined = byEventId.get(cursor.causationId) ?? byCommandId.get(cursor.causationId)
    if (!parent || parent === cursor || chain.has(parent.index)) break
    chain.add(parent.index)
    cursor = parent
  }
  // Forward: everything that reacted to it, transitively.
  const queue = [start]
  while (queue.length > 0) {
    const column = queue.shift()!
    for (const child of children.get(column.index) ?? []) {
      if (chain.has(child.index)) continue
      chain.add(child.index)
      queue.push(child)
    }
  }
  return [...chain].sort((a, b) => a - b)
}

/** The columns of a correlation ("only this cascade"), in log order. */
export function cascadeOf(columns: readonly StormColumn[], correlationId: string): number[] {
  return columns.filter((c) => c.correlationId === correlationId).map((c) => c.index)
}
