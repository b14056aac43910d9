import { money, sum } from '../../domain/kernel/money.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'

/** What the SalesMetrics query answers (DOMAIN.md). */
export interface SalesMetrics {
  open: number
  won: number
  lost: number
  winRate: number
  averageDealSize: string
  averageCycleDays: number
  /** Null below the minimum number of wins: not enough data. */
  velocityPerDay: string | null
  slipped: Array<{ opportunityId: string; name: string; stage: string; from: string; to: string }>
  stale: Array<{ opportunityId: string; name: string; lastEventAt: string; days: number }>
}

/** What the Pipeline query answers. */
export interface PipelineSummary {
  stages: Array<{ stage: string; count: number; amount: string; weightedAmount: string }>
  openAmount: string
  weightedAmount: string
}

/** One bar of "amount by close month": open, won and lost amounts of the deals closing that month. */
export interface MonthAmounts {
  month: string
  open: number
  won: number
  lost: number
}

/** Amounts by close month (YYYY-MM), in month order, split by open / won / lost; decimals summed exactly, then charted as numbers. */
export function amountByCloseMonth(opportunities: OpportunityRow[]): MonthAmounts[] {
  const months = new Map<string, { open: string[]; won: string[]; lost: string[] }>()
  for (const o of opportunities) {
    const month = o.closeDate.slice(0, 7)
    const bucket = months.get(month) ?? { open: [], won: [], lost: [] }
    const part = o.stage === 'closed_won' ? 'won' : o.stage === 'closed_lost' ? 'lost' : 'open'
    bucket[part].push(o.amount)
    months.set(month, bucket)
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, b]) => ({ month, open: Number(money(sum(b.open))), won: Number(money(sum(b.won))), lost: Number(money(sum(b.lost))) }))
}
