import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readDailyBars } from '../../../main/app/market.ts'
import { pipelineCsv } from '../../../renderer/pipeline/csv-export.ts'
import { guessKind, guessMapping, readImportCsv } from '../../../renderer/pipeline/csv-import.ts'
import { previewFile, type ImportContext } from '../../../renderer/pipeline/csv-preview.ts'

/*
 * A bounded fuzz of both CSV formats Stormbook reads (a CRM export for the pipeline import, a vendor's daily
 * bars for the market), with a fixed seed so a failure is reproduced: reading never throws, and every
 * problem is a coded error that names a line of the text.
 */

const SEED = 20270104
const runs = { seed: SEED, numRuns: 400 * Math.max(1, Number(process.env.FUZZ_SCALE ?? 1)) }

/** Pieces CSV text is made of, the awkward ones over-represented. */
const piece = fc.oneof(
  fc.constantFrom(',', '"', '""', '\n', '\r\n', '\r', ' ', '\t', '\ufeff', '=', '-', '@', '__proto__', 'constructor', 'name', 'amount', 'close date'),
  fc.constantFrom('date', 'open', 'high', 'low', 'close', 'volume', '2027-01-04', '2027-01-05', '1', '0.0000001', '101.25', '-5', '1e3'),
  fc.string({ maxLength: 6 }),
)
const csvText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''))

/** Number of lines in a text as the readers count them (LF, CRLF or CR end a line). */
const lineCount = (text: string) => text.split(/\r\n|\n|\r/).length

let n = 0
const context = (): ImportContext => ({ customers: [{ customerId: 'acme', name: 'Acme' }], opportunities: [], actor: 'rep', newId: () => `id-${++n}` })

describe('the pipeline import, fuzzed', () => {
  it('never throws; every row and every problem names a line of the file, rows in line order', () => {
    fc.assert(fc.property(csvText, (text) => {
      const file = readImportCsv(text)
      const lines = lineCount(text)
      for (const p of file.problems) {
        expect(p.code).toBe('CSV_INVALID')
        expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines).toBe(true)
      }
      for (const kind of ['customers', 'opportunities', guessKind(file.headers)] as const) {
        const rows = previewFile(kind, file, guessMapping(kind, file.headers), context())
        for (const row of rows) {
          expect(Number.isInteger(row.line) && row.line >= 1 && row.line <= lines).toBe(true)
          if (!row.ok) for (const problem of row.problems) expect(problem.code).toMatch(/^[A-Z][A-Z_]+$/)
        }
        expect(rows.map((r) => r.line)).toEqual([...rows.map((r) => r.line)].sort((a, b) => a - b))
      }
    }), runs)
  })

  it('reads back every name the export writes, formulas and line breaks included', async () => {
    const name = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && s.trim() === s)
    await fc.assert(fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 5 }), async (names) => {
      const text = await pipelineCsv(names.map((value, i) => ({ opportunityId: `o-${i}`, customerId: 'acme', name: value, kind: 'new', stage: 'proposal', amount: '1.00', closeDate: '2027-03-31', salesOwner: 'rep', flagged: false })), [])
      const file = readImportCsv(text)
      expect(file.problems).toEqual([])
      expect(file.rows.map((r) => r.name)).toEqual(names)
    }), runs)
  })
})

describe('the daily bars of the market, fuzzed', () => {
  /** Nearly valid files: a header and bars, some cells replaced by awkward pieces. */
  const bar = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.constantFrom('1', '2.5', '0.0000001', 'x', '', '"3"'), fc.constantFrom('5', '-1', '1.5', ''))
    .map(([day, price, volume]) => `2027-02-${String(day).padStart(2, '0')},${price},${price},${price},${price},${volume}`)
  const nearlyValid = fc.tuple(fc.array(bar, { maxLength: 8 }), fc.array(piece, { maxLength: 3 }), fc.constantFrom('\n', '\r\n', '\n\n'))
    .map(([bars, noise, end]) => ['date,open,high,low,close,volume', ...bars].join(end) + noise.join(''))

  it('never throws; every refusal is CSV_INVALID naming a line of the file and a column', () => {
    fc.assert(fc.property(fc.oneof(csvText, nearlyValid), (text) => {
      const reading = readDailyBars(text)
      if (reading.ok) {
        expect(reading.bars.length).toBeGreaterThan(0)
        return
      }
      expect(reading.error.code).toBe('CSV_INVALID')
      const { line, column } = reading.error.details as { line: number; column: string }
      expect(Number.isInteger(line) && line >= 1 && line <= lineCount(text) + 1).toBe(true)
      expect(typeof column).toBe('string')
    }), runs)
  })
})
