import type { z } from 'zod'
import { readCsv } from '../../domain/kernel/csv.ts'
import { RegisterCustomer } from '../../domain/sales/customer.ts'
import { CreateOpportunity } from '../../domain/sales/opportunity.ts'
import type { Params } from '../../main/ipc/contract.ts'

/** What a CRM export holds: customers (RegisterCustomer) or opportunities (CreateOpportunity). */
export type ImportKind = 'customers' | 'opportunities'

/** One field a column can fill, with the header names a CRM export tends to give it. */
export interface ImportField {
  key: string
  label: string
  required: boolean
  aliases: string[]
}

/** The fields of each kind; an unmapped optional field is left out (or made: ids, a kind of "new"). */
export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  customers: [
    { key: 'customerId', label: 'Customer id', required: false, aliases: ['customerid', 'customer id', 'id', 'account id', 'accountid'] },
    { key: 'name', label: 'Name', required: true, aliases: ['name', 'customer', 'customer name', 'account', 'account name', 'company'] },
    { key: 'segment', label: 'Segment', required: false, aliases: ['segment', 'industry', 'tier', 'type'] },
  ],
  opportunities: [
    { key: 'opportunityId', label: 'Opportunity id', required: false, aliases: ['opportunityid', 'opportunity id', 'id', 'deal id', 'dealid'] },
    { key: 'customer', label: 'Customer (id or name)', required: true, aliases: ['customerid', 'customer id', 'customer', 'customer name', 'account', 'account name', 'company'] },
    { key: 'name', label: 'Name', required: true, aliases: ['name', 'opportunity', 'opportunity name', 'deal', 'deal name', 'title'] },
    { key: 'kind', label: 'Kind', required: false, aliases: ['kind', 'type', 'opportunity type', 'deal type'] },
    { key: 'amount', label: 'Amount', required: true, aliases: ['amount', 'value', 'deal value', 'amount (usd)', 'amount usd', 'revenue'] },
    { key: 'closeDate', label: 'Close date', required: true, aliases: ['closedate', 'close date', 'expected close date', 'close', 'close_date'] },
    { key: 'salesOwner', label: 'Sales owner', required: true, aliases: ['salesowner', 'sales owner', 'owner', 'opportunity owner', 'deal owner', 'rep'] },
  ],
}

/** Which header fills which field ('' = none). */
export type Mapping = Record<string, string>

const norm = (text: string) => text.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ')

/** Opportunities when the file has an amount or close date column, else customers. */
export function guessKind(headers: string[]): ImportKind {
  const names = headers.map(norm)
  return names.some((h) => ['amount', 'close date', 'closedate', 'value', 'deal value'].includes(h)) ? 'opportunities' : 'customers'
}

/** Each field's column, guessed by header name (each header used once, exact aliases first). */
export function guessMapping(kind: ImportKind, headers: string[]): Mapping {
  const taken = new Set<string>()
  const mapping: Mapping = {}
  for (const field of IMPORT_FIELDS[kind]) {
    const byAlias = field.aliases.map((alias) => headers.find((h) => !taken.has(h) && norm(h) === alias)).find(Boolean)
    const byKey = headers.find((h) => !taken.has(h) && norm(h).replace(/ /g, '') === field.key.toLowerCase())
    const header = byAlias ?? byKey ?? ''
    if (header) taken.add(header)
    mapping[field.key] = header
  }
  return mapping
}

/** A CRM export as read: its headers, each data row with the line it starts on, and what could not be read. */
export interface ImportFile {
  headers: string[]
  /** Cells by header; the object has no prototype, so a header such as `__proto__` is a plain column. */
  rows: Array<Record<string, string>>
  /** The line each row starts on, as written in the file (blank lines and quoted line breaks counted). */
  lines: number[]
  /** What could not be read (an unclosed quote: CSV_INVALID on its line; a file without a header). */
  problems: Array<{ code: string; line: number; message: string }>
}

/** A cell the pipeline export protected against formula injection ("'=…"), as it was ("=…"): one quote off (see csv-export.ts). */
function unescapeFormula(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell
}

/**
 * Reads CSV text for import: the first record is the header (cells trimmed; blank headers dropped), every
 * later record a row with the line it starts on. Reading stops at an unclosed quote, which is a CSV_INVALID
 * problem on the line where the quoted cell starts (never a silent loss of the rows after it). Never throws.
 */
export function readImportCsv(text: string): ImportFile {
  const reading = readCsv(text)
  const [head, ...body] = reading.records
  const problems: ImportFile['problems'] = []
  if (reading.error) problems.push({ code: reading.error.code, line: reading.error.details.line, message: reading.error.message })
  if (head === undefined) {
    if (!reading.error) problems.push({ code: 'CSV_INVALID', line: 1, message: 'line 1: the file has no header row' })
    return { headers: [], rows: [], lines: [], problems }
  }
  const columns = head.cells.map((h) => h.trim())
  const headers = [...new Set(columns.filter(Boolean))]
  const rows = body.map((record) => {
    const row = Object.create(null) as Record<string, string>
    columns.forEach((header, i) => {
      if (header && !Object.hasOwn(row, header)) row[header] = unescapeFormula(record.cells[i] ?? '')
    })
    return row
  })
  return { headers, rows, lines: body.map((r) => r.line), problems }
}

/** A problem with one row, with the code the engine would answer. */
export interface RowProblem {
  code: string
  message: string
}

/** One row of the preview: the command it becomes, or why it cannot be imported. */
export type PreviewRow =
  | { line: number; ok: true; label: string; command: Params<'dispatch'> }
  | { line: number; ok: false; label: string; problems: RowProblem[] }

/** What the workspace already holds, for the checks the engine would make (unknown customer, duplicate ids). */
export interface ImportContext {
  customers: Array<{ customerId: string; name: string }>
  opportunityIds: Iterable<string>
  actor: string
  newId(): string
}

/** "24,000.50" and "$1200" as a CRM writes them, to the decimal text the domain takes; other text as it is. */
export function cleanAmount(text: string): string {
  const t = text.trim().replace(/^\$\s*/, '').replace(/\s*USD$/i, '')
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t
}

function problemsOf(error: z.ZodError): RowProblem[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'row')
    if (field === 'amount') return { code: 'INVALID_AMOUNT', message: `amount ${issue.message === 'must not be negative' ? 'must not be negative' : 'must be a decimal such as 1009.99'}` }
    if (field === 'closeDate') return { code: 'INVALID_COMMAND', message: 'closeDate must be a date written YYYY-MM-DD' }
    if (field === 'kind') return { code: 'INVALID_COMMAND', message: 'kind must be new, expansion or renewal' }
    return { code: 'INVALID_COMMAND', message: `${field} is required` }
  })
}

/**
 * The preview of an import: every data row checked with the domain's own schemas (required fields, an amount
 * that is a decimal ≥ 0, a close date YYYY-MM-DD, a kind new|expansion|renewal) and against the workspace
 * (unknown customer, an id that exists or repeats). Nothing is sent here.
 */
export function previewRows(kind: ImportKind, rows: Array<Record<string, string>>, mapping: Mapping, context: ImportContext, lines?: readonly number[]): PreviewRow[] {
  // Own cells only: a header named "constructor" or "__proto__" reads as a column, never as Object's own.
  const cell = (row: Record<string, string>, key: string) => {
    const header = mapping[key]
    const value = header && Object.hasOwn(row, header) ? row[header] : ''
    return typeof value === 'string' ? value.trim() : ''
  }
  const byId = new Map(context.customers.map((c) => [c.customerId, c]))
  const byName = new Map(context.customers.map((c) => [c.name.trim().toLowerCase(), c]))
  const seen = new Set<string>(kind === 'customers' ? context.customers.map((c) => c.customerId) : context.opportunityIds)
  const actor = context.actor
  return rows.map((row, index) => {
    const line = lines?.[index] ?? index + 2 // without the file's lines: the header is line 1, one row a line
    if (kind === 'customers') {
      const data: Record<string, unknown> = { customerId: cell(row, 'customerId') || context.newId(), name: cell(row, 'name') }
      if (cell(row, 'segment')) data.segment = cell(row, 'segment')
      const label = String(data.name || `line ${line}`)
      const parsed = RegisterCustomer.safeParse(data)
      const problems = parsed.success ? [] : problemsOf(parsed.error)
      if (seen.has(String(data.customerId))) problems.push({ code: 'CUSTOMER_EXISTS', message: `customer ${String(data.customerId)} already exists` })
      seen.add(String(data.customerId))
      return problems.length ? { line, ok: false, label, problems } : { line, ok: true, label, command: { command: 'RegisterCustomer', data, actor } }
    }
    const reference = cell(row, 'customer')
    const customer = byId.get(reference) ?? byName.get(reference.toLowerCase())
    const data: Record<string, unknown> = {
      opportunityId: cell(row, 'opportunityId') || context.newId(),
      customerId: customer?.customerId ?? reference,
      name: cell(row, 'name'),
      kind: mapping.kind ? cell(row, 'kind').toLowerCase() : 'new',
      amount: cleanAmount(cell(row, 'amount')),
      closeDate: cell(row, 'closeDate'),
      salesOwner: cell(row, 'salesOwner'),
    }
    const label = String(data.name || `line ${line}`)
    const parsed = CreateOpportunity.safeParse(data)
    const problems = parsed.success ? [] : problemsOf(parsed.error)
    if (reference && !customer) problems.push({ code: 'UNKNOWN_CUSTOMER', message: `no customer "${reference}" in this workspace (import customers first)` })
    if (seen.has(String(data.opportunityId))) problems.push({ code: 'OPPORTUNITY_EXISTS', message: `opportunity ${String(data.opportunityId)} already exists` })
    seen.add(String(data.opportunityId))
    return problems.length ? { line, ok: false, label, problems } : { line, ok: true, label, command: { command: 'CreateOpportunity', data, actor } }
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

/** The end of an import: how many went in, and the refusals counted by code. */
export interface ImportSummary {
  imported: number
  refused: Array<{ line: number; label: string; code: string; message: string }>
}

/** "3 × UNKNOWN_CUSTOMER, 1 × INVALID_AMOUNT": the refusals by code, most frequent first. */
export function countByCode(refused: ImportSummary['refused']): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const r of refused) counts.set(r.code, (counts.get(r.code) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])
}

/** What sending one command answers, as the bridge gives it. */
type DispatchAnswer = { ok: true } | { ok: false; error: { code: string; message: string } }

/** How many of an import's commands are in flight at once: they share the log's flushes (group commit). */
export const IMPORT_IN_FLIGHT = 16

/**
 * Sends the good rows' commands in file order, up to `inFlight` at a time (the engine takes them in the
 * order sent, so a customer is registered before a later row's deal names it), and counts what was
 * imported and what the engine refused. A command that cannot be sent at all is refused with its error's
 * code, and the rest still go. `onProgress` hears how many are done.
 */
export async function importRows(
  rows: ReadonlyArray<Extract<PreviewRow, { ok: true }>>,
  dispatch: (command: Params<'dispatch'>) => Promise<DispatchAnswer>,
  onProgress: (done: number) => void = () => undefined,
  inFlight = IMPORT_IN_FLIGHT,
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, refused: [] }
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]
      let answer: DispatchAnswer
      try {
        answer = await dispatch(row.command)
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown }
        answer = { ok: false, error: { code: typeof e?.code === 'string' ? e.code : 'NOT_SENT', message: typeof e?.message === 'string' ? e.message : String(error) } }
      }
      if (answer.ok) summary.imported += 1
      else summary.refused.push({ line: row.line, label: row.label, code: answer.error.code, message: answer.error.message })
      onProgress(++done)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(inFlight, rows.length)) }, worker))
  summary.refused.sort((a, b) => a.line - b.line)
  return summary
}
