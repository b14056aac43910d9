import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { saveFile } from '../workspace/save-file.ts'
import { toast } from '../workspace/toasts.ts'
import { filtered, usePipeline, type CustomerRow } from './store.ts'

/**
 * A cell a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage return. Such
 * cells are written with a leading single quote, and quoted (OWASP, "CSV injection"); so are cells that
 * already start with quotes before such a character, so that the import, which takes exactly one quote
 * off, reads back what was written. Papa's own default pattern (`^[=+\-@\t\r].*$`) misses a cell with a
 * line break.
 */
export const FORMULA_START = /^'*[=+\-@\t\r]/

/**
 * The pipeline as CSV text: one row per opportunity, with its customer's name (columns the import reads
 * back). papaparse is loaded here, when a user exports, not with the first screen.
 */
export async function pipelineCsv(opportunities: OpportunityRow[], customers: CustomerRow[]): Promise<string> {
  const { default: Papa } = await import('papaparse')
  const names = new Map(customers.map((c) => [c.customerId, c.name]))
  return Papa.unparse(
    opportunities.map((o) => ({
      opportunityId: o.opportunityId,
      customerId: o.customerId,
      customer: names.get(o.customerId) ?? '',
      name: o.name,
      kind: o.kind,
      stage: o.stage,
      amount: o.amount,
      closeDate: o.closeDate,
      salesOwner: o.salesOwner,
      atRisk: o.flagged ? 'yes' : 'no',
    })),
    { columns: ['opportunityId', 'customerId', 'customer', 'name', 'kind', 'stage', 'amount', 'closeDate', 'salesOwner', 'atRisk'], escapeFormulae: FORMULA_START },
  )
}

/** Downloads the opportunities the board's filters show as `pipeline-YYYY-MM-DD.csv`. */
export function exportPipelineCsv(): void {
  const { opportunities, customers, filters } = usePipeline.getState()
  const fileName = `pipeline-${new Date().toISOString().slice(0, 10)}.csv`
  pipelineCsv(filtered(opportunities, filters), customers).then(
    (text) => saveFile({ fileName, mime: 'text/csv;charset=utf-8', text }),
    () => toast({ kind: 'error', message: 'The export could not start: reload the app and try again.' }),
  )
}
