import type { EventEnvelope } from './envelope.ts'
import { formatMoney } from './money-format.ts'

/**
 * Team sync's conflicts in words, for people (the Conflicts panel, `stormbook sync`): deals and customers
 * by name, amounts grouped, stages in words, never an id where a name is known.
 */

/** Names known by id (deals and customers), to say "Acme platform" instead of an id. */
export type Names = ReadonlyMap<string, string>

/** The read models whose rows name the deals and customers (`opportunityId` or `customerId`, and `name`). */
export const NAMING_QUERIES = ['Customers', 'Opportunities'] as const

/** Adds the names of a naming query's rows to `names`. */
export function addNames(names: Map<string, string>, rows: unknown): void {
  if (!Array.isArray(rows)) return
  for (const row of rows as Array<Record<string, unknown>>) {
    const id = row.opportunityId ?? row.customerId
    if (typeof id === 'string' && typeof row.name === 'string') names.set(id, row.name)
  }
}

/** "UpdateOpportunity" → "Update opportunity"; "OpportunityWon" → "Opportunity won". */
export function words(camel: string): string {
  const spaced = camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

/** "closeDate" → "close date". */
function fieldWords(key: string): string {
  return words(key).toLowerCase()
}

/** A value as people read it: amounts grouped, ids as names, stages in words. */
function shown(key: string, value: unknown, names: Names): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string' && /amount|price/i.test(key) && /^-?\d+(\.\d+)?$/.test(value)) return formatMoney(value)
  if (typeof value === 'string') return names.get(value) ?? value.replace(/_/g, ' ')
  if (typeof value === 'object') {
    const change = value as { from?: unknown; to?: unknown }
    if ('to' in change) return `${shown(key, change.from, names)} → ${shown(key, change.to, names)}`
    return JSON.stringify(value)
  }
  return String(value)
}

/** The id fields of a command or event (named, not listed as changes). */
const isId = (key: string) => /Id$/.test(key)

/** The subject of a command or event: the deal's name, else the customer's, else its first id. */
export function subjectOf(data: Record<string, unknown>, names: Names): string {
  const ids = Object.keys(data).filter(isId).sort((a, b) => Number(b === 'opportunityId') - Number(a === 'opportunityId'))
  const id = ids.map((k) => data[k]).find((v): v is string => typeof v === 'string')
  return id === undefined ? '' : (names.get(id) ?? id)
}

/** The fields of a command or event other than ids, in words: "amount 52,000.00; close date 2027-06-30". */
export function fieldsInWords(data: Record<string, unknown>, names: Names): string {
  const changes = data.changes && typeof data.changes === 'object' ? (data.changes as Record<string, unknown>) : null
  const source = changes ?? data
  return Object.entries(source)
    .filter(([key]) => !isId(key) && !(changes === null && key === 'changes'))
    .map(([key, value]) => `${fieldWords(key)} ${shown(key, value, names)}`)
    .join('; ')
}

/** A refused command in words: "Update opportunity Acme platform: amount 52,000.00". */
export function commandInWords(command: string, data: Record<string, unknown>, names: Names): string {
  const subject = subjectOf(data, names)
  const fields = fieldsInWords(data, names)
  return `${words(command)}${subject ? ` ${subject}` : ''}${fields ? `: ${fields}` : ''}`
}

/** One of theirs in words: "Opportunity lost: Acme platform, reason budget cut (by lena)". */
export function eventInWords(event: Pick<EventEnvelope, 'type' | 'data' | 'meta'>, names: Names): string {
  const subject = subjectOf(event.data, names)
  const fields = fieldsInWords(event.data, names)
  const by = event.meta?.actor ? ` (by ${event.meta.actor})` : ''
  return `${words(event.type)}${subject ? `: ${subject}` : ''}${fields ? `, ${fields}` : ''}${by}`
}

/** A rule's message with the ids it names replaced by names ("Opportunity Acme platform is closed (closed lost)"). */
export function ruleInWords(message: string, names: Names): string {
  let text = message
  for (const [id, name] of names) if (id.length > 2) text = text.split(id).join(name)
  return text.replace(/\b(closed|qualification|proposal|prospecting)_(\w+)/g, '$1 $2')
}
