import { describe, expect, it } from 'vitest'
import type { PriceHistoryAnswer } from '../../../../domain/trading/read-model/price-chart.ts'
import type { ValueSeries } from '../../../../domain/trading/read-model/value-series.ts'
import { priceSummary, timeLabel, valueSummary } from '../../../../renderer/trading/charts/summary.ts'

const point = (at: string, value: string, realizedPnl = '0.00', unrealizedPnl = '0.00') => ({ at, value, cash: value, holdings: '0.00', realizedPnl, unrealizedPnl })

describe('the charts\' text alternatives', () => {
  it('say where the value started and ended, the change, the net deposits and the P&L, in the one money format', () => {
    const series: ValueSeries = {
      costBasis: 'average', moments: 3, netDeposits: '8000.00', gain: '280.02',
      points: [point('2027-01-04T09:00:00.000Z', '0.00'), point('2027-01-04T09:00:00.000Z', '9000.00'), point('2027-01-07T11:00:00.000Z', '8280.02', '135.01', '145.01')],
    }
    expect(valueSummary(series)).toBe('Value $0.00 on Jan 4 → $8,280.02 on Jan 7 (+$8,280.02). Deposits less withdrawals $8,000.00; P&L +$280.02: realized +$135.01, unrealized +$145.01.')
  })

  it('say a price\'s first and last value, its change in percent, the bars and the fills', () => {
    const history: PriceHistoryAnswer = {
      symbol: 'ACME', candles: [{ date: '2027-01-04', open: '99', high: '101', low: '98', close: '100' }],
      line: [{ at: '2027-01-04T00:00:00.000Z', price: '100' }, { at: '2027-01-06T15:00:00.000Z', price: '112.00' }],
      fills: [{ at: '2027-01-06T15:00:00.000Z', side: 'sell', quantity: 4, price: '112.00' }],
    }
    expect(priceSummary(history, [{ at: '2027-01-07T09:00:00.000Z', price: '90' }])).toBe('ACME 100.00 on Jan 4 → 90.00 on Jan 7 (-10.00, -10.00%); 1 daily bar; 1 fill in this portfolio: 0 buys, 1 sell.')
    expect(priceSummary({ symbol: 'BOLT', candles: [], line: [], fills: [] })).toBe('BOLT: no price known yet.')
  })

  it('write moments as seconds, times or days as the span asks', () => {
    const t = Date.parse('2027-01-04T09:30:15.000Z')
    expect(timeLabel(t, { from: t, to: t + 60_000 })).toBe('09:30:15')
    expect(timeLabel(t, { from: t, to: t + 20 * 3_600_000 })).toBe('09:30')
    expect(timeLabel(t, { from: t, to: t + 5 * 86_400_000 })).toBe('Jan 4')
    expect(timeLabel(t, { from: t - 400 * 86_400_000, to: t })).toBe('Jan 4, 2027')
  })
})
