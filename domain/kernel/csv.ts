import Papa from 'papaparse'
import type { CodedError } from './coded-error.ts'

/** One record of a CSV text: its cells, and the line it starts on (1-based, counted in the text as written). */
interface CsvRecord {
  line: number
  cells: string[]
}

/** What reading CSV text gives: every record up to the first problem, and that problem (a coded error with its line). */
interface CsvReading {
  records: CsvRecord[]
  error?: CodedError & { details: { line: number; field: string } }
}

function problem(line: number, message: string): NonNullable<CsvReading['error']> {
  return { code: 'CSV_INVALID', message: `line ${line}: ${message}`, details: { line, field: '(row)' } }
}

/** The 1-based line of each offset of a text whose line ends are all LF, counted as the reading goes forward. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0
  let line = 1
  return (offset) => {
    if (offset < at) {
      at = 0
      line = 1
    }
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++
    return line
  }
}

/** Where a quoted cell that opens at `open` is closed badly: its first closing quote (a `""` is a quote inside). */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== '"') continue
    if (text[i + 1] === '"') i++
    else return i
  }
  return open
}

/**
 * Reads CSV text with papaparse (RFC 4180: comma-separated, `"` quotes a cell, `""` is a quote inside one,
 * a quoted cell may span lines; LF, CRLF or CR line ends, read as LF; a leading byte-order mark is dropped).
 * Lines with no text are skipped but still counted, so every record knows the line it starts on. An unclosed
 * quote stops the reading with a CSV_INVALID on the line where the quoted cell starts, text after a closing
 * quote with one on the line of that quote: nothing after it is silently dropped or glued together. Never throws.
 */
export function readCsv(text: string): CsvReading {
  const source = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n')
  const records: CsvRecord[] = []
  const lineOf = lineCounter(source)
  let error: CsvReading['error']
  let start = 0
  Papa.parse<string[]>(source, {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    step(row, parser) {
      const rowStart = start
      start = row.meta.cursor
      const quotes = row.errors.find((e) => e.code === 'InvalidQuotes' || e.code === 'MissingQuotes')
      if (quotes) {
        const open = typeof quotes.index === 'number' ? quotes.index - 1 : rowStart
        error = quotes.code === 'InvalidQuotes'
          ? problem(lineOf(closingQuote(source, open)), "text follows a closing quote (a cell's quotes must surround all of it)")
          : problem(lineOf(open), 'a quoted cell is never closed (a " is missing)')
        parser.abort()
        return
      }
      const cells = row.data
      if (cells.some((c) => c.trim() !== '')) records.push({ line: lineOf(rowStart), cells })
    },
  })
  return error ? { records, error } : { records }
}
