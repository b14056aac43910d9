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

/**
 * Reads CSV text (RFC 4180: comma-separated, `"` quotes a cell, `""` is a quote inside one, a quoted cell may
 * span lines; LF, CRLF or CR line ends; a leading byte-order mark is dropped). Lines with no text are skipped
 * but still counted, so every record knows the line it starts on. An unclosed quote, or text after a closing
 * quote, stops the reading with a CSV_INVALID on the line where the quoted cell starts: nothing after it is
 * silently dropped or glued together. Never throws.
 */
export function readCsv(text: string): CsvReading {
  const records: CsvRecord[] = []
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let line = 1
  let i = 0
  while (i < source.length) {
    const start = line
    const cells: string[] = []
    let cell = ''
    let endOfRecord = false
    while (!endOfRecord) {
      if (source[i] === '"' && cell.trim() === '') {
        const opened = line
        i++
        cell = ''
        for (;;) {
          if (i >= source.length) return { records, error: problem(opened, 'a quoted cell is never closed (a " is missing)') }
          const ch = source[i]
          if (ch === '"') {
            if (source[i + 1] === '"') { cell += '"'; i += 2; continue }
            i++
            break
          }
          if (ch === '\r' || ch === '\n') {
            line++
            if (ch === '\r' && source[i + 1] === '\n') { cell += '\r'; i++ }
          }
          cell += source[i]
          i++
        }
        while (source[i] === ' ' || source[i] === '\t') i++
        if (i < source.length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
          return { records, error: problem(line, 'text follows a closing quote (a cell\'s quotes must surround all of it)') }
        }
      } else {
        while (i < source.length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') cell += source[i++]
      }
      cells.push(cell)
      cell = ''
      if (source[i] === ',') { i++; continue }
      if (source[i] === '\r' && source[i + 1] === '\n') i++
      if (i < source.length) { i++; line++ }
      endOfRecord = true
    }
    if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells })
  }
  return { records }
}
