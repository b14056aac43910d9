import { dec, Dec, money } from '../../domain/kernel/money.ts'
import type { OrderRow } from '../../domain/trading/read-model/orders.ts'
import { saveFile } from '../workspace/save-file.ts'
import { toast } from '../workspace/toasts.ts'

/** The columns of a trade statement, in order. */
export const STATEMENT_COLUMNS = ['date', 'symbol', 'side', 'quantity', 'price', 'commission', 'realizedPnl'] as const

/** One trade of a statement: a fulfilled order, with what a sell realized (at the average cost, commissions included). */
export type StatementRow = Record<(typeof STATEMENT_COLUMNS)[number], string>

/**
 * The trades of a portfolio's orders (in the order placed): each fill with its date, price and commission,
 * and for a sell the P&L it realized against the average cost of the shares held (a buy's cost includes its
 * commission, a sell's proceeds are net of it); a buy realizes nothing ("").
 */
export function statementRows(orders: readonly OrderRow[]): StatementRow[] {
  const held = new Map<string, { quantity: number; cost: InstanceType<typeof Dec> }>()
  const rows: StatementRow[] = []
  for (const o of orders) {
    if (o.status !== 'fulfilled' || o.price === undefined) continue
    const book = held.get(o.symbol) ?? { quantity: 0, cost: dec('0') }
    const amount = dec(o.amount ?? dec(o.price).times(o.quantity).toString())
    let realized = ''
    if (o.side === 'buy') {
      book.quantity += o.quantity
      book.cost = book.cost.plus(amount)
    } else {
      const average = book.quantity > 0 ? book.cost.div(book.quantity) : dec('0')
      const basis = average.times(o.quantity)
      realized = money(amount.minus(basis))
      book.cost = book.quantity > o.quantity ? book.cost.minus(basis) : dec('0')
      book.quantity = Math.max(0, book.quantity - o.quantity)
    }
    held.set(o.symbol, book)
    rows.push({
      date: o.updatedAt, symbol: o.symbol, side: o.side, quantity: String(o.quantity), price: o.price, commission: o.commission ?? '', realizedPnl: realized,
    })
  }
  return rows
}

/**
 * A trade statement as CSV text (header first), cells a spreadsheet would run as a formula quoted (a negative
 * amount is a number, not a formula). papaparse is loaded here, when a user asks for the statement.
 */
export async function statementCsv(orders: readonly OrderRow[]): Promise<string> {
  const { default: Papa } = await import('papaparse')
  return Papa.unparse(statementRows(orders), { columns: [...STATEMENT_COLUMNS], escapeFormulae: /^[=+@\t\r]|^-(?!\d)/ })
}

/** Downloads a portfolio's trade statement as `<name>-trades.csv`. */
export function downloadStatement(name: string, orders: readonly OrderRow[]): void {
  const fileName = `${name.replace(/[^\w.-]+/g, '-') || 'portfolio'}-trades.csv`
  statementCsv(orders).then(
    (text) => saveFile({ fileName, mime: 'text/csv;charset=utf-8', text }),
    () => toast({ kind: 'error', message: 'The statement could not start: reload the app and try again.' }),
  )
}
