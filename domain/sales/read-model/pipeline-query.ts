import { z } from 'zod'
import { dec, money, sum, type QueryDefinition } from '../../kernel/index.ts'
import { salesSettings } from '../settings.ts'
import { SALES_STAGES, isOpen } from '../stages.ts'
import type { SalesStage } from '../stages.ts'

/** Count and amount of every stage, kept running by a read model. */
export type StageTotals = Record<SalesStage, { count: number; amount: string }>

/**
 * `Pipeline {}`: count, amount and weighted amount of every stage in board order, and the open pipeline's
 * amount and weighted amount. Weighted = amount × the stage's probability from settings; the totals are the
 * sums of the rounded stage rows, so the screen adds up.
 */
export const pipelineQuery: QueryDefinition<{ stageTotals: StageTotals }> = {
  // asOf is time travel, answered by the engine (DOMAIN.md lists it on Pipeline).
  params: z.strictObject({ asOf: z.union([z.number(), z.string()]).optional() }),
  run(state, _params, context) {
    const probabilities = salesSettings(context.settings).stageProbabilities
    const stages = SALES_STAGES.map((stage) => {
      const { count, amount } = state.stageTotals[stage]
      return { stage, count, amount, weightedAmount: money(dec(amount).times(probabilities[stage])) }
    })
    const open = stages.filter((row) => isOpen(row.stage))
    return {
      stages,
      openAmount: money(sum(open.map((row) => row.amount))),
      weightedAmount: money(sum(open.map((row) => row.weightedAmount))),
    }
  },
}
