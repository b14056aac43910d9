import { dec, money } from '../../domain/kernel/money.ts'
import { sumMoney } from '../../domain/sales/read-model/cents.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { stageProbabilities, type OpportunityKind } from '../../domain/sales/stages.ts'
import { useWorkspace } from '../workspace/store.ts'
import { SALES_STAGES, type SalesStage } from './moves.ts'

/** The board's filters; empty = all. */
export interface PipelineFilters {
  owner: string
  kind: '' | OpportunityKind
  customerId: string
  /** Only deals whose close date falls in the current calendar quarter. */
  thisQuarter: boolean
  /** Only deals whose next step is due today or overdue. */
  due: boolean
  /** "My deals": only the deals whose owner is the rep (their name in Settings, the actor of their commands). */
  mine: boolean
}

/** One column's totals. */
export interface StageTotals {
  stage: SalesStage
  count: number
  amount: string
  weightedAmount: string
}

/** The first and last day (YYYY-MM-DD) of the calendar quarter `today` falls in. */
export function quarterOf(today: string): [string, string] {
  const year = today.slice(0, 4)
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3)
  const first = String(q * 3 + 1).padStart(2, '0')
  const last = String(q * 3 + 3).padStart(2, '0')
  return [`${year}-${first}-01`, `${year}-${last}-31`]
}

/** The opportunities the filters let through (`today` decides "closing this quarter"; `me` is the rep, for "My deals"). */
export function filtered(opportunities: OpportunityRow[], filters: PipelineFilters, today = new Date().toISOString().slice(0, 10), me = useWorkspace.getState().actor): OpportunityRow[] {
  const [from, to] = quarterOf(today)
  return opportunities.filter(
    (o) =>
      (!filters.owner || o.salesOwner === filters.owner) &&
      (!filters.mine || o.salesOwner === me) &&
      (!filters.kind || o.kind === filters.kind) &&
      (!filters.customerId || o.customerId === filters.customerId) &&
      (!filters.thisQuarter || (o.closeDate >= from && o.closeDate <= to)) &&
      (!filters.due || (!!o.nextStep && o.nextStep.due <= today)),
  )
}

/**
 * Count, amount and weighted amount of each column, as the Pipeline read model computes them (settings'
 * probabilities): one pass over the cards, each column's amount summed exactly in cents as the read model
 * sums it (no decimal object per card: the board's first render adds thousands), then weighted in decimals.
 */
export function stageTotals(opportunities: OpportunityRow[], settings: Record<string, unknown>): StageTotals[] {
  const probabilities = stageProbabilities(settings)
  const amounts = new Map<SalesStage, string[]>(SALES_STAGES.map((stage) => [stage, []]))
  for (const o of opportunities) amounts.get(o.stage)?.push(o.amount)
  return SALES_STAGES.map((stage) => {
    const rows = amounts.get(stage)!
    const amount = sumMoney(rows)
    return { stage, count: rows.length, amount, weightedAmount: money(dec(amount).times(probabilities[stage])) }
  })
}
