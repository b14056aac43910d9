import { readCsv } from '../../domain/kernel/csv.ts'
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
    { key: 'salesOwner', label: 'Sales owner', required: false, aliases: ['salesowner', 'sales owner', 'owner', 'opportunity owner', 'deal owner', 'rep'] },
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

/** A good row of the preview, as sending it needs it: its line, its name and its commands (none when unchanged). */
export interface ImportableRow {
  line: number
  label: string
  commands: Array<Params<'dispatch'>>
}

/** What sending one command answers, as the bridge gives it. */
type DispatchAnswer = { ok: true } | { ok: false; error: { code: string; message: string } }

/** Commands sent one at a time with this many in flight (the bench's append5kImportMs; imports now go in batches). */
export const IMPORT_IN_FLIGHT = 16

/** How many commands an import sends per round trip (a progress step); the host dispatches them in order. */
export const IMPORT_BATCH = 500

/**
 * Sends the good rows' commands in file order, in batches of `batch` (the engine takes them in the order
 * sent, so a customer a row registers is there before its deal, and before a later row's deal names it),
 * and counts the rows imported (every command of theirs taken; an unchanged row sends none and is not
 * counted) and what the engine refused. A batch that cannot be sent at all is refused with its error's
 * code for each of its rows, and the rest still go. `onProgress` hears how many commands are done.
 */
export async function importRows(
  rows: readonly ImportableRow[],
  send: (commands: Array<Params<'dispatch'>>) => Promise<DispatchAnswer[]>,
  onProgress: (done: number) => void = () => undefined,
  batch = IMPORT_BATCH,
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, refused: [] }
  const queue = rows.flatMap((row) => row.commands.map((command) => ({ row, command })))
  const failed = new Set<ImportableRow>()
  for (let i = 0; i < queue.length; i += batch) {
    const part = queue.slice(i, i + batch)
    let answers: DispatchAnswer[]
    try {
      answers = await send(part.map((p) => p.command))
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown }
      const answer: DispatchAnswer = { ok: false, error: { code: typeof e?.code === 'string' ? e.code : 'NOT_SENT', message: typeof e?.message === 'string' ? e.message : String(error) } }
      answers = part.map(() => answer)
    }
    part.forEach(({ row }, k) => {
      const answer = answers[k] ?? { ok: false, error: { code: 'NOT_SENT', message: 'the host gave no answer for this command' } }
      if (!answer.ok && !failed.has(row)) {
        failed.add(row)
        summary.refused.push({ line: row.line, label: row.label, code: answer.error.code, message: answer.error.message })
      }
    })
    onProgress(Math.min(queue.length, i + batch))
  }
  summary.imported = rows.filter((row) => row.commands.length > 0 && !failed.has(row)).length
  summary.refused.sort((a, b) => a.line - b.line)
  return summary
}
