import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { OrderRow } from '../../../domain/trading/read-model/orders.ts'
import { statementCsv, statementRows } from '../../../renderer/trading/statement.ts'

const at = '2027-01-04T09:00:00.000Z'
const fill = (orderId: string, side: 'buy' | 'sell', quantity: number, price: string, amount: string): OrderRow => ({
  orderId, symbol: 'ACME', side, quantity, orderType: 'market', timeInForce: 'day', status: 'fulfilled', price, commission: '9.99', amount, placedAt: at, updatedAt: at,
} as OrderRow)

describe('the trade statement', () => {
  it('lists each fill with date, symbol, side, quantity, price, commission, and what a sell realized at the average cost', () => {
    const orders = [
      fill('o1', 'buy', 100, '44.50', '4459.99'),
      { ...fill('o2', 'buy', 5, '1', '0'), status: 'canceled', price: undefined } as OrderRow,
      fill('o3', 'sell', 50, '50.00', '2490.01'),
    ]
    expect(statementRows(orders)).toEqual([
      { date: at, symbol: 'ACME', side: 'buy', quantity: '100', price: '44.50', commission: '9.99', realizedPnl: '' },
      // 2490.01 − 50 × 44.5999 = 260.015, to the cent (half to even)
      { date: at, symbol: 'ACME', side: 'sell', quantity: '50', price: '50.00', commission: '9.99', realizedPnl: '260.02' },
    ])
  })

  it('is CSV with a header, and a negative P&L stays a number', async () => {
    const csv = await statementCsv([fill('o1', 'buy', 10, '100', '1009.99'), fill('o2', 'sell', 10, '99', '980.01')])
    const rows = Papa.parse<Record<string, string>>(csv, { header: true }).data
    expect(Object.keys(rows[0])).toEqual(['date', 'symbol', 'side', 'quantity', 'price', 'commission', 'realizedPnl'])
    expect(rows[1].realizedPnl).toBe('-29.98')
  })
})
