import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { pipelineCsv } from '../../../renderer/pipeline/csv-export.ts'
import { readImportCsv } from '../../../renderer/pipeline/csv-import.ts'

const deal = (name: string, salesOwner = 'rep-7') => ({ opportunityId: 'o-1', customerId: 'acme', name, kind: 'new' as const, stage: 'proposal' as const, amount: '24000.00', closeDate: '2027-03-31', salesOwner, flagged: false })

describe('the pipeline exported as CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")'], ['+1+cmd|calc'], ['-2+3'], ['@SUM(A1)'], ['\t=1'], ['\r=1'], ['=1\n2'],
  ])('neutralises a cell a spreadsheet would run as a formula: %j starts with a quote, and is quoted', async (name) => {
    const text = await pipelineCsv([deal(name)], [{ customerId: 'acme', name: 'Acme', churnRisk: 'low' }])
    const line = text.split('\r\n').slice(1).join('\r\n')
    expect(line).toContain(`"'${name.replace(/"/g, '""')}"`)
    expect(Papa.parse<Record<string, string>>(text, { header: true }).data[0].name).toBe(`'${name}`)
  })

  it('leaves other cells as they are', async () => {
    const text = await pipelineCsv([deal('Rollout = phase 2', 'rep-7')], [{ customerId: 'acme', name: 'Acme', churnRisk: 'low' }])
    expect(text).toContain(',Rollout = phase 2,')
  })

  it('reads back through the import with the quote taken off', async () => {
    const text = await pipelineCsv([deal('=1+1'), deal('-discount')], [{ customerId: 'acme', name: '@Acme', churnRisk: 'low' }])
    const file = readImportCsv(text)
    expect(file.rows.map((r) => [r.name, r.customer])).toEqual([['=1+1', '@Acme'], ['-discount', '@Acme']])
  })
})
