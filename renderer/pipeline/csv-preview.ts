import type { z } from 'zod'
import { dec } from '../../domain/kernel/money.ts'
import { RegisterCustomer } from '../../domain/sales/customer.ts'
import { CreateOpportunity } from '../../domain/sales/opportunity.ts'
import type { Params } from '../../main/ipc/contract.ts'
import { parseAmount } from '../workspace/amount.ts'
import { formatMoney } from './store.ts'
import type { ImportFile, ImportKind, Mapping } from './csv-import.ts'

/** A problem with one row, with the code the engine would answer. */
export interface RowProblem {
  code: string
  message: string
}

/** What importing a good row does: create something, change a deal that exists, or nothing (already there). */
export type RowStatus = 'new' | 'changed' | 'unchanged'

/**
 * One row of the preview: what it becomes (its commands, none when unchanged), the existing customer it
 * matched (by name, for the rep to read), what changes; or why it cannot be imported.
 */
export type PreviewRow =
  | { line: number; ok: true; label: string; status: RowStatus; commands: Array<Params<'dispatch'>>; customer?: { name: string; matched: boolean }; changes?: string[] }
  | { line: number; ok: false; label: string; problems: RowProblem[] }

/** An opportunity as the workspace holds it, with the fields an import can change. */
export interface KnownOpportunity {
  opportunityId: string
  customerId: string
  name: string
  amount: string
  closeDate: string
  salesOwner: string
}

/** What the workspace already holds, for matching rows to it, and how new rows are made. */
export interface ImportContext {
  customers: Array<{ customerId: string; name: string }>
  opportunities: KnownOpportunity[]
  actor: string
  newId(): string
  /** Deals naming a customer the workspace does not know register it first (HubSpot's "create companies"). */
  createCustomers?: boolean
}

/** A name as it is matched: trimmed, case-insensitive, inner spaces collapsed. */
export const matchKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase()

/** The fingerprint of a deal without an id column: its customer and its name, as matched. */
const fingerprint = (customerId: string, name: string) => `${customerId}\u0000${matchKey(name)}`

function problemsOf(error: z.ZodError): RowProblem[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'row')
    if (field === 'amount') return { code: 'INVALID_AMOUNT', message: `amount ${issue.message === 'must not be negative' ? 'must not be negative' : 'must be a number, like 12,000.50'}` }
    if (field === 'closeDate') return { code: 'INVALID_COMMAND', message: 'closeDate must be a date written YYYY-MM-DD' }
    if (field === 'kind') return { code: 'INVALID_COMMAND', message: 'kind must be new, expansion or renewal' }
    return { code: 'INVALID_COMMAND', message: `${field} is required` }
  })
}

/** "24,000.50", "$1200" and "1200 USD" as a CRM writes them, to the decimal text the domain takes; other text as it is. */
export function cleanAmount(text: string): string {
  const parsed = parseAmount(text)
  return parsed.ok ? parsed.value : text.trim()
}

/** The changes a row makes to a deal that exists, as UpdateOpportunity's fields and as words ("amount $48,000.00 → $52,000.00"). */
function differences(known: KnownOpportunity, data: Record<string, unknown>, byId: boolean): { fields: Record<string, string>; words: string[] } {
  const fields: Record<string, string> = {}
  const words: string[] = []
  const amount = String(data.amount)
  if (!dec(known.amount).eq(amount)) {
    fields.amount = amount
    words.push(`amount ${formatMoney(known.amount)} → ${formatMoney(dec(amount).toFixed(2))}`)
  }
  for (const field of ['closeDate', 'salesOwner'] as const) {
    if (known[field] !== data[field]) {
      fields[field] = String(data[field])
      words.push(`${field === 'closeDate' ? 'close date' : 'owner'} ${known[field]} → ${String(data[field])}`)
    }
  }
  if (byId && known.name !== data.name) {
    fields.name = String(data.name)
    words.push(`name ${known.name} → ${String(data.name)}`)
  }
  return { fields, words }
}

/**
 * The preview of an import: every data row checked with the domain's own schemas (required fields, an amount
 * that is a decimal ≥ 0, a close date YYYY-MM-DD, a kind new|expansion|renewal) and matched against the
 * workspace, so that importing never duplicates. A customer is matched by a mapped id column, else by name
 * (trimmed, case-insensitive); a deal by a mapped id column, else by its fingerprint (customer + name). A
 * matched deal whose amount, close date or owner differ is `changed` (an UpdateOpportunity); one that does
 * not is `unchanged` (nothing sent). A row repeating an earlier one of the file is refused. Nothing is sent here.
 */
export function previewRows(kind: ImportKind, rows: Array<Record<string, string>>, mapping: Mapping, context: ImportContext, lines?: readonly number[]): PreviewRow[] {
  // Own cells only: a header named "constructor" or "__proto__" reads as a column, never as Object's own.
  const cell = (row: Record<string, string>, key: string) => {
    const header = mapping[key]
    const value = header && Object.hasOwn(row, header) ? row[header] : ''
    return typeof value === 'string' ? value.trim() : ''
  }
  const customersById = new Map(context.customers.map((c) => [c.customerId, c]))
  const customersByName = new Map<string, { customerId: string; name: string }>()
  for (const c of context.customers) if (!customersByName.has(matchKey(c.name))) customersByName.set(matchKey(c.name), c)
  const actor = context.actor
  // What earlier rows of the file claimed, by id or fingerprint: the line that claimed it.
  const claimed = new Map<string, number>()
  const repeats = (key: string, line: number, what: string): RowProblem | null => {
    const first = claimed.get(key)
    if (first !== undefined) return { code: 'DUPLICATE_ROW', message: `repeats line ${first} (the same ${what})` }
    claimed.set(key, line)
    return null
  }
  const lineOf = (index: number) => lines?.[index] ?? index + 2 // without the file's lines: the header is line 1, one row a line

  if (kind === 'customers') {
    return rows.map((row, index): PreviewRow => {
      const line = lineOf(index)
      const id = cell(row, 'customerId')
      const data: Record<string, unknown> = { customerId: id || context.newId(), name: cell(row, 'name') }
      if (cell(row, 'segment')) data.segment = cell(row, 'segment')
      const label = String(data.name || `line ${line}`)
      const parsed = RegisterCustomer.safeParse(data)
      if (!parsed.success) return { line, ok: false, label, problems: problemsOf(parsed.error) }
      const existing = id ? customersById.get(id) : customersByName.get(matchKey(String(data.name)))
      const repeat = repeats(id ? `id:${id}` : `name:${matchKey(String(data.name))}`, line, id ? 'customer id' : 'customer name')
      if (repeat) return { line, ok: false, label, problems: [repeat] }
      if (existing) return { line, ok: true, label, status: 'unchanged', commands: [], customer: { name: existing.name, matched: true } }
      return { line, ok: true, label, status: 'new', commands: [{ command: 'RegisterCustomer', data, actor }] }
    })
  }

  const dealsById = new Map(context.opportunities.map((o) => [o.opportunityId, o]))
  const dealsByPrint = new Map(context.opportunities.map((o) => [fingerprint(o.customerId, o.name), o]))
  // The customers this import registers, by name as matched (the first row naming one registers it).
  const created = new Map<string, { customerId: string; name: string }>()
  return rows.map((row, index): PreviewRow => {
    const line = lineOf(index)
    const reference = cell(row, 'customer')
    let customer = customersById.get(reference) ?? customersByName.get(matchKey(reference)) ?? created.get(matchKey(reference))
    const commands: Array<Params<'dispatch'>> = []
    let newCustomer = false
    if (!customer && reference && context.createCustomers) {
      customer = { customerId: context.newId(), name: reference }
      newCustomer = true
    }
    const id = cell(row, 'opportunityId')
    const data: Record<string, unknown> = {
      opportunityId: id || context.newId(),
      customerId: customer?.customerId ?? reference,
      name: cell(row, 'name'),
      kind: mapping.kind ? cell(row, 'kind').toLowerCase() : 'new',
      amount: cleanAmount(cell(row, 'amount')),
      closeDate: cell(row, 'closeDate'),
      salesOwner: (mapping.salesOwner ? cell(row, 'salesOwner') : '') || actor,
    }
    const label = String(data.name || `line ${line}`)
    const parsed = CreateOpportunity.safeParse(data)
    const problems = parsed.success ? [] : problemsOf(parsed.error)
    if (reference && !customer) problems.push({ code: 'UNKNOWN_CUSTOMER', message: `no customer "${reference}" in this workspace (import customers first, or create them)` })
    if (problems.length) return { line, ok: false, label, problems }
    const key = id ? `id:${id}` : fingerprint(String(data.customerId), String(data.name))
    const repeat = repeats(key, line, id ? 'opportunity id' : 'customer and deal name')
    if (repeat) return { line, ok: false, label, problems: [repeat] }
    const shown = customer && { name: customer.name, matched: !newCustomer }
    if (newCustomer && customer) {
      created.set(matchKey(reference), customer)
      commands.push({ command: 'RegisterCustomer', data: { customerId: customer.customerId, name: customer.name }, actor })
    }
    const known = id ? dealsById.get(id) : dealsByPrint.get(key)
    if (!known) return { line, ok: true, label, status: 'new', customer: shown, commands: [...commands, { command: 'CreateOpportunity', data, actor }] }
    const { fields, words } = differences(known, data, !!id)
    if (words.length === 0) return { line, ok: true, label, status: 'unchanged', customer: shown, commands: [] }
    return { line, ok: true, label, status: 'changed', customer: shown, changes: words, commands: [{ command: 'UpdateOpportunity', data: { opportunityId: known.opportunityId, ...fields }, actor }] }
  })
}

/**
 * The preview of a whole file read by readImportCsv: every row with its line as written, and each problem
 * of reading it (CSV_INVALID, an unclosed quote) as a refused row on its line, in line order.
 */
export function previewFile(kind: ImportKind, file: ImportFile, mapping: Mapping, context: ImportContext): PreviewRow[] {
  const rows = previewRows(kind, file.rows, mapping, context, file.lines)
  const unread: PreviewRow[] = file.problems.map((p) => ({ line: p.line, ok: false, label: `line ${p.line}`, problems: [{ code: p.code, message: p.message }] }))
  return [...rows, ...unread].sort((a, b) => a.line - b.line)
}

/** "3 new, 995 unchanged, 2 changed": the preview's good rows counted by what importing them does. */
export function countByStatus(preview: readonly PreviewRow[]): Record<RowStatus, number> {
  const counts: Record<RowStatus, number> = { new: 0, unchanged: 0, changed: 0 }
  for (const row of preview) if (row.ok) counts[row.status] += 1
  return counts
}
