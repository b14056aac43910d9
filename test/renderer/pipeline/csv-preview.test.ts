import { describe, expect, it } from 'vitest'
import { guessMapping, importRows } from '../../../renderer/pipeline/csv-import.ts'
import { countByStatus, previewRows, type ImportContext, type KnownOpportunity } from '../../../renderer/pipeline/csv-preview.ts'

let n = 0
const ACME = { customerId: 'c-acme', name: 'Acme Corp' }
const ROLLOUT: KnownOpportunity = { opportunityId: 'o-1', customerId: 'c-acme', name: 'Rollout', amount: '48000.00', closeDate: '2027-03-31', salesOwner: 'Dana' }
const context = (extra: Partial<ImportContext> = {}): ImportContext => ({ customers: [ACME], opportunities: [ROLLOUT], actor: 'Dana', newId: () => `new-${++n}`, ...extra })
const HEADERS = ['Deal Name', 'Account Name', 'Amount', 'Expected Close Date', 'Deal Owner']
const deal = (extra: Record<string, string> = {}) => ({ 'Deal Name': 'Rollout', 'Account Name': 'Acme Corp', Amount: '48,000', 'Expected Close Date': '2027-03-31', 'Deal Owner': 'Dana', ...extra })
const deals = (rows: Array<Record<string, string>>, extra?: Partial<ImportContext>, headers = HEADERS) => previewRows('opportunities', rows, guessMapping('opportunities', headers), context(extra))

describe('importing customers never duplicates them', () => {
  it('matches an existing customer by name, trimmed and case-insensitive, and says which one', () => {
    const rows = previewRows('customers', [{ name: '  acme   CORP ' }, { name: 'Globex' }], { customerId: '', name: 'name', segment: '' }, context())
    expect(rows).toMatchObject([
      { ok: true, status: 'unchanged', commands: [], customer: { name: 'Acme Corp', matched: true } },
      { ok: true, status: 'new', commands: [{ command: 'RegisterCustomer', data: { name: 'Globex' } }] },
    ])
  })

  it('matches by the id column where one is mapped, whatever the name', () => {
    const rows = previewRows('customers', [{ id: 'c-acme', name: 'ACME Corporation' }, { id: 'c-2', name: 'Acme Corp' }], { customerId: 'id', name: 'name', segment: '' }, context())
    expect(rows.map((r) => (r.ok ? r.status : r.problems[0].code))).toEqual(['unchanged', 'new'])
  })

  it('refuses a name the file repeats, naming the line it repeats', () => {
    const rows = previewRows('customers', [{ name: 'Globex' }, { name: 'globex ' }], { customerId: '', name: 'name', segment: '' }, context())
    expect(rows[1]).toMatchObject({ ok: false, problems: [{ code: 'DUPLICATE_ROW', message: 'repeats line 2 (the same customer name)' }] })
  })
})

describe('importing deals twice creates nothing the second time', () => {
  it('a row that is already there, by customer and name, is unchanged and sends nothing', () => {
    const rows = deals([deal({ 'Deal Name': ' rollout ', 'Account Name': 'ACME corp' })])
    expect(rows).toMatchObject([{ ok: true, status: 'unchanged', commands: [], customer: { name: 'Acme Corp', matched: true } }])
  })

  it('a row whose amount, close date or owner changed becomes one UpdateOpportunity with only those fields, in words too', () => {
    const [row] = deals([deal({ Amount: '$52,000', 'Expected Close Date': '2027-04-30' })])
    expect(row).toMatchObject({
      ok: true,
      status: 'changed',
      changes: ['amount $48,000.00 → $52,000.00', 'close date 2027-03-31 → 2027-04-30'],
      commands: [{ command: 'UpdateOpportunity', actor: 'Dana', data: { opportunityId: 'o-1', amount: '52000', closeDate: '2027-04-30' } }],
    })
  })

  it('keys rows by the id column where one is mapped: a renamed deal is a change, not a new deal', () => {
    const rows = deals([deal({ id: 'o-1', 'Deal Name': 'Rollout, phase 2' }), deal({ id: 'o-9' })], undefined, ['id', ...HEADERS])
    expect(rows).toMatchObject([
      { ok: true, status: 'changed', commands: [{ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', name: 'Rollout, phase 2' } }] },
      { ok: true, status: 'new', commands: [{ command: 'CreateOpportunity', data: { opportunityId: 'o-9' } }] },
    ])
  })

  it('refuses a deal the file repeats, and counts new, unchanged and changed rows', () => {
    const rows = deals([deal(), deal({ 'Deal Name': 'Pilot' }), deal({ 'Deal Name': 'pilot' }), deal({ 'Deal Name': 'Support', Amount: '1' })])
    expect(rows[2]).toMatchObject({ ok: false, problems: [{ code: 'DUPLICATE_ROW', message: 'repeats line 3 (the same customer and deal name)' }] })
    expect(countByStatus(rows)).toEqual({ new: 2, unchanged: 1, changed: 0 })
  })

  it('without an owner column, the deal is the rep’s own', () => {
    const [row] = deals([deal({ 'Deal Name': 'Pilot' })], { actor: 'Sam Rivera' }, HEADERS.slice(0, 4))
    expect(row).toMatchObject({ ok: true, commands: [{ data: { salesOwner: 'Sam Rivera' }, actor: 'Sam Rivera' }] })
  })
})

describe('deals of companies the workspace does not know', () => {
  it('are refused as UNKNOWN_CUSTOMER unless the rep asks to create them', () => {
    expect(deals([deal({ 'Account Name': 'Initech' })])).toMatchObject([{ ok: false, problems: [{ code: 'UNKNOWN_CUSTOMER' }] }])
  })

  it('register the company once, before its first deal; later rows use it', () => {
    const rows = deals([deal({ 'Account Name': 'Initech', 'Deal Name': 'A' }), deal({ 'Account Name': ' initech', 'Deal Name': 'B' })], { createCustomers: true })
    expect(rows).toMatchObject([
      { ok: true, status: 'new', customer: { name: 'Initech', matched: false }, commands: [{ command: 'RegisterCustomer', data: { name: 'Initech' } }, { command: 'CreateOpportunity', data: { name: 'A' } }] },
      { ok: true, status: 'new', commands: [{ command: 'CreateOpportunity', data: { name: 'B' } }] },
    ])
    const [first, second] = rows.flatMap((r) => (r.ok ? [r] : []))
    expect(second.commands[0].data.customerId).toBe(first.commands[0].data.customerId)
  })

  it('are sent in order, company first, and a row counts as imported only when all of its commands were taken', async () => {
    const rows = deals([deal({ 'Account Name': 'Initech', 'Deal Name': 'A' }), deal({ 'Account Name': 'Hooli', 'Deal Name': 'B' })], { createCustomers: true }).flatMap((r) => (r.ok ? [r] : []))
    const sent: string[] = []
    const summary = await importRows(rows, async (commands) => commands.map((command) => {
      sent.push(`${command.command} ${String(command.data.name)}`)
      return command.data.name === 'B' ? { ok: false, error: { code: 'INVALID_AMOUNT', message: 'no' } } : { ok: true }
    }))
    expect(sent).toEqual(['RegisterCustomer Initech', 'CreateOpportunity A', 'RegisterCustomer Hooli', 'CreateOpportunity B'])
    expect(summary).toMatchObject({ imported: 1, refused: [{ line: 3, label: 'B', code: 'INVALID_AMOUNT' }] })
  })
})
