import { readCsv } from '../../domain/kernel/csv.ts'
import type { Params } from '../../main/ipc/contract.ts'

/** The column mapping of a price import: the header of each bar field ('' where none is chosen). */
export type ColumnChoice = Record<'date' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'symbol', string>

/** The bar fields in the order the dialog asks for them, with their labels and whether a column is required. */
export const IMPORT_COLUMNS: ReadonlyArray<{ key: keyof ColumnChoice; label: string; required: boolean }> = [
  { key: 'date', label: 'Date', required: true },
  { key: 'open', label: 'Open', required: true },
  { key: 'high', label: 'High', required: true },
  { key: 'low', label: 'Low', required: true },
  { key: 'close', label: 'Close', required: true },
  { key: 'volume', label: 'Volume', required: false },
  { key: 'symbol', label: 'Symbol', required: false },
]

const GUESSES: Record<keyof ColumnChoice, RegExp[]> = {
  date: [/^date$/, /date|day|time/],
  open: [/^open$/, /^open/],
  high: [/^high$/, /^high/],
  low: [/^low$/, /^low/],
  close: [/^close$/, /^close/, /^last$|^price$/],
  volume: [/^volume$/, /^vol/],
  symbol: [/^symbol$|^ticker$/, /symbol|ticker/],
}

/** The header row of a CSV text (empty when it has none). */
export function csvHeaders(text: string): string[] {
  return readCsv(text).records[0]?.cells.map((h) => h.trim()) ?? []
}

/** Guesses each field's column from the header names (an exact name first: "Close" before "Adj Close"). */
export function guessColumns(headers: readonly string[]): ColumnChoice {
  const lower = headers.map((h) => h.toLowerCase())
  const pick = (patterns: RegExp[]) => {
    for (const pattern of patterns) {
      const index = lower.findIndex((h) => pattern.test(h))
      if (index >= 0) return headers[index]
    }
    return ''
  }
  return Object.fromEntries(IMPORT_COLUMNS.map(({ key }) => [key, pick(GUESSES[key])])) as ColumnChoice
}

/** The import request for a CSV text, its chosen columns and the symbol typed in (used when no column holds it). */
export function importRequest(csv: string, columns: ColumnChoice, symbol: string): Params<'market.import'> {
  const { volume, symbol: symbolColumn, ...required } = columns
  return {
    csv,
    columns: { ...required, ...(volume ? { volume } : {}), ...(symbolColumn ? { symbol: symbolColumn } : {}) },
    ...(symbolColumn ? {} : { symbol: symbol.trim() }),
  }
}
