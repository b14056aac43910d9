import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { pipelineCsv } from '../../../renderer/pipeline/csv-export.ts'
import { countByCode, guessKind, guessMapping, importRows, readImportCsv } from '../../../renderer/pipeline/csv-import.ts'
import { cleanAmount, previewFile, previewRows, type ImportContext, type PreviewRow } from '../../../renderer/pipeline/csv-preview.ts'

let n = 0
const context = (): ImportContext => ({ customers: [{ customerId: 'acme', name: 'Acme Corp' }], opportunities: [], actor: 'rep-7', newId: () => `new-${++n}` })
const CRM = ['Deal Name', 'Account Name', 'Amount', 'Expected Close Date', 'Deal Owner', 'Type']

describe('a CRM export read for import', () => {
  it('guesses what the file holds and which column fills which field, by header name', () => {
    expect(guessKind(CRM)).toBe('opportunities')
    expect(guessKind(['Account Name', 'Industry'])).toBe('customers')
    expect(guessMapping('opportunities', CRM)).toEqual({ opportunityId: '', customer: 'Account Name', name: 'Deal Name', kind: 'Type', amount: 'Amount', closeDate: 'Expected Close Date', salesOwner: 'Deal Owner' })
    expect(guessMapping('customers', ['customerId', 'name', 'segment'])).toEqual({ customerId: 'customerId', name: 'name', segment: 'segment' })
  })

  it('turns good rows into CreateOpportunity commands, finding the customer by id or name', () => {
    const mapping = guessMapping('opportunities', CRM)
    const rows = [{ 'Deal Name': 'Rollout', 'Account Name': 'acme corp', Amount: '24,000.50', 'Expected Close Date': '2027-03-31', 'Deal Owner': 'rep-7', Type: 'Expansion' }]
    const [row] = previewRows('opportunities', rows, mapping, context())
    expect(row).toMatchObject({ line: 2, ok: true, status: 'new', commands: [{ command: 'CreateOpportunity', actor: 'rep-7', data: { customerId: 'acme', name: 'Rollout', kind: 'expansion', amount: '24000.50', closeDate: '2027-03-31', salesOwner: 'rep-7' } }] })
  })

  it('lists each failing row with why, by the same rules as the engine', () => {
    const mapping = guessMapping('opportunities', CRM)
    const row = (extra: Record<string, string>) => ({ 'Deal Name': 'Deal', 'Account Name': 'acme', Amount: '100', 'Expected Close Date': '2027-03-31', 'Deal Owner': 'rep-7', Type: 'new', ...extra })
    const preview = previewRows('opportunities', [
      row({ Amount: '-5' }),
      row({ Amount: 'lots' }),
      row({ 'Expected Close Date': '31/03/2027' }),
      row({ Type: 'upsell' }),
      row({ 'Account Name': 'Nobody Inc' }),
      row({ 'Deal Name': '' }),
      row({}),
    ], mapping, context())
    const codes = preview.map((r) => (r.ok ? 'ok' : r.problems.map((p) => p.code).join('+')))
    expect(codes).toEqual(['INVALID_AMOUNT', 'INVALID_AMOUNT', 'INVALID_COMMAND', 'INVALID_COMMAND', 'UNKNOWN_CUSTOMER', 'INVALID_COMMAND', 'ok'])
    expect(preview[2]).toMatchObject({ ok: false, problems: [{ message: 'closeDate must be a date written YYYY-MM-DD' }] })
    expect(preview[5]).toMatchObject({ ok: false, problems: [{ message: 'name is required' }] })
  })

  it('matches a customer id that exists, and refuses an id repeated in the file', () => {
    const customers = previewRows('customers', [{ id: 'acme', name: 'Acme again' }, { id: 'x', name: 'X' }, { id: 'x', name: 'X twice' }], { customerId: 'id', name: 'name', segment: '' }, context())
    expect(customers.map((r) => (r.ok ? r.status : r.problems[0].code))).toEqual(['unchanged', 'new', 'DUPLICATE_ROW'])
  })

  it('cleans amounts as CRMs write them, and leaves the rest for the rules to refuse', () => {
    expect(cleanAmount('$ 1,200')).toBe('1200')
    expect(cleanAmount('1200.5 USD')).toBe('1200.5')
    expect(cleanAmount('1,2')).toBe('1,2')
  })

  it('counts refusals by code, most frequent first', () => {
    expect(countByCode([{ line: 2, label: 'a', code: 'X', message: '' }, { line: 3, label: 'b', code: 'Y', message: '' }, { line: 4, label: 'c', code: 'Y', message: '' }])).toEqual([['Y', 2], ['X', 1]])
  })

  it('exports the pipeline as CSV that reads back with the same columns', async () => {
    const text = await pipelineCsv([{ opportunityId: 'o-1', customerId: 'acme', name: 'Rollout, phase 2', kind: 'new', stage: 'proposal', amount: '24000.00', closeDate: '2027-03-31', salesOwner: 'rep-7', flagged: false }], [{ customerId: 'acme', name: 'Acme Corp', churnRisk: 'low' }])
    const parsed = Papa.parse<Record<string, string>>(text, { header: true })
    expect(parsed.data[0]).toMatchObject({ name: 'Rollout, phase 2', customer: 'Acme Corp', amount: '24000.00', stage: 'proposal' })
    const mapping = guessMapping(guessKind(parsed.meta.fields ?? []), parsed.meta.fields ?? [])
    expect(mapping).toMatchObject({ opportunityId: 'opportunityId', customer: 'customerId', amount: 'amount', closeDate: 'closeDate', salesOwner: 'salesOwner', kind: 'kind' })
  })
})

describe('a CSV file read for import', () => {
  const header = 'Deal Name,Account Name,Amount,Expected Close Date,Deal Owner,Type\n'
  const preview = (text: string) => {
    const file = readImportCsv(text)
    return previewFile('opportunities', file, guessMapping('opportunities', file.headers), context())
  }

  it('names each row by the line it starts on, after blank lines and quoted line breaks', () => {
    const text = header + '\nA,acme,100,2027-03-31,rep-7,new\n"Two\nline deal",acme,x,2027-03-31,rep-7,new\n\n\nC,acme,-1,2027-03-31,rep-7,new\n'
    expect(preview(text).map((r) => [r.line, r.ok, r.label])).toEqual([[3, true, 'A'], [4, false, 'Two\nline deal'], [8, false, 'C']])
  })

  it('refuses an unclosed quote on its line, and keeps the rows before it', () => {
    const text = header + 'A,acme,100,2027-03-31,rep-7,new\n"B,acme,100,2027-03-31,rep-7,new\nC,acme,100,2027-03-31,rep-7,new\n'
    const rows = preview(text)
    expect(rows.map((r) => [r.line, r.ok ? 'ok' : r.problems[0].code])).toEqual([[2, 'ok'], [3, 'CSV_INVALID']])
    expect(rows[1]).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('line 3') }] })
  })

  it('reads __proto__ and constructor headers as plain columns, and previews without throwing', () => {
    const file = readImportCsv('__proto__,constructor,name,toString\nx,y,Acme,z\n')
    expect(file.headers).toEqual(['__proto__', 'constructor', 'name', 'toString'])
    expect(file.rows[0].__proto__).toBe('x')
    expect(file.rows[0].constructor).toBe('y')
    const mapping = { customerId: 'constructor', name: '__proto__', segment: 'toString' }
    expect(previewFile('customers', file, mapping, context())).toMatchObject([{ ok: true, commands: [{ data: { customerId: 'y', name: 'x', segment: 'z' } }] }])
  })

  it('previews a plain row object without a mapped column as a missing value, even one Object has (constructor)', () => {
    const rows = previewRows('customers', [{ name: 'Acme' }], { customerId: 'constructor', name: 'name', segment: '__proto__' }, context())
    expect(rows).toMatchObject([{ ok: true, commands: [{ data: { name: 'Acme' } }] }])
  })

  it('refuses a file with no header row', () => {
    expect(readImportCsv('\n\n').problems).toEqual([{ code: 'CSV_INVALID', line: 1, message: expect.any(String) }])
  })
})

describe('sending an import', () => {
  const rows = (n: number): Array<Extract<PreviewRow, { ok: true }>> =>
    Array.from({ length: n }, (_, i) => ({ line: i + 2, ok: true as const, label: `row ${i}`, status: 'new' as const, commands: [{ command: 'RegisterCustomer', data: { customerId: `c-${i}`, name: `C ${i}` } }] }))

  it('sends in file order in batches, and counts imported and refused rows by line', async () => {
    const batches: string[][] = []
    const progress: number[] = []
    const summary = await importRows(rows(50), async (commands) => {
      batches.push(commands.map((c) => String(c.data.customerId)))
      return commands.map((c) => {
        const i = Number(String(c.data.customerId).slice(2))
        return i % 10 === 3 ? { ok: false, error: { code: 'CUSTOMER_EXISTS', message: `c-${i} exists` } } : { ok: true }
      })
    }, (done) => progress.push(done), 20)
    expect(batches.map((b) => b.length)).toEqual([20, 20, 10])
    expect(batches.flat()).toEqual(Array.from({ length: 50 }, (_, i) => `c-${i}`))
    expect(summary.imported).toBe(45)
    expect(summary.refused.map((r) => r.line)).toEqual([5, 15, 25, 35, 45])
    expect(summary.refused[0]).toEqual({ line: 5, label: 'row 3', code: 'CUSTOMER_EXISTS', message: 'c-3 exists' })
    expect(progress).toEqual([20, 40, 50])
  })

  it('a batch that cannot be sent is refused with its code, row by row, and the rest still go', async () => {
    let calls = 0
    const summary = await importRows(rows(4), async (commands) => {
      calls++
      if (calls === 2) throw Object.assign(new Error('the connection to the workspace was lost'), { code: 'DISCONNECTED' })
      return commands.map(() => ({ ok: true }))
    }, undefined, 1)
    expect(calls).toBe(4)
    expect(summary).toEqual({ imported: 3, refused: [{ line: 3, label: 'row 1', code: 'DISCONNECTED', message: 'the connection to the workspace was lost' }] })
  })
})
