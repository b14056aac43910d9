import { describe, expect, it } from 'vitest'
import { readCsv } from '../../../domain/kernel/csv.ts'

describe('readCsv', () => {
  it('reads quoted cells, doubled quotes and cells spanning lines, each record with the line it starts on', () => {
    expect(readCsv('a,b\n\n1,"x\ny"\n\n2,"say ""hi"""\n')).toEqual({
      records: [{ line: 1, cells: ['a', 'b'] }, { line: 3, cells: ['1', 'x\ny'] }, { line: 6, cells: ['2', 'say "hi"'] }],
    })
  })

  it('counts LF, CRLF and CR line ends alike and drops a byte-order mark', () => {
    expect(readCsv('\ufeffa\r\nb\rc\nd').records.map((r) => [r.line, r.cells[0]])).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']])
  })

  it('reads a Windows export: CRLF line ends, a quoted line break read as LF, lines still counted', () => {
    expect(readCsv('name,notes\r\n"Acme","two\r\nlines"\r\n\r\nGlobex,x\r\n').records).toEqual([
      { line: 1, cells: ['name', 'notes'] }, { line: 2, cells: ['Acme', 'two\nlines'] }, { line: 5, cells: ['Globex', 'x'] },
    ])
  })

  it('names the line of an unclosed quote that opens after a cell spanning lines', () => {
    expect(readCsv('a\n"x\ny",1,"open\nb\n').error).toMatchObject({ code: 'CSV_INVALID', details: { line: 3 } })
  })

  it('skips lines with no text but a trailing empty cell stays a cell', () => {
    expect(readCsv(',\n  \na,b,\n').records).toEqual([{ line: 3, cells: ['a', 'b', ''] }])
  })

  it('stops at an unclosed quote with CSV_INVALID on the line the quoted cell starts, keeping the records before it', () => {
    expect(readCsv('a\n"b\nc\nd\n')).toEqual({ records: [{ line: 1, cells: ['a'] }], error: { code: 'CSV_INVALID', message: expect.stringContaining('line 2'), details: { line: 2, field: '(row)' } } })
  })

  it('refuses text after a closing quote, on its line', () => {
    expect(readCsv('a\n"x\ny"z,1\n').error).toMatchObject({ code: 'CSV_INVALID', details: { line: 3 } })
  })
})
