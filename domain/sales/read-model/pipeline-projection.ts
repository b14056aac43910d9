import type { EventEnvelope, Projection } from '../../kernel/index.ts'
import { SALES_STAGES, type SalesStage } from '../stages.ts'
import { plusMoney } from './cents.ts'
import { pipelineQuery, type StageTotals } from './pipeline-query.ts'

/**
 * The Pipeline read model on its own: each deal's stage and amount, and the running totals per stage.
 * Kept apart from the SalesBook so that its checkpoints are small and dense: replaying the pipeline as
 * of any moment (time travel) loads a few hundred kilobytes and folds a few thousand events.
 */
interface PipelineState {
  /** opportunityId → [stage index in SALES_STAGES, amount]. */
  deals: Record<string, [number, string]>
  stageTotals: StageTotals
}

const STAGE_OF_EVENT: Record<string, SalesStage> = {
  OpportunityQualified: 'qualification',
  ProposalSent: 'proposal',
  OpportunityWon: 'closed_won',
  OpportunityLost: 'closed_lost',
}

function add(state: PipelineState, stage: number, amount: string, count: number, sign: 1 | -1 = 1): void {
  const total = state.stageTotals[SALES_STAGES[stage]]
  total.count += count
  total.amount = plusMoney(total.amount, amount, sign)
}

function apply(state: PipelineState, event: EventEnvelope): PipelineState {
  const data = event.data as Record<string, unknown>
  const id = String(data.opportunityId)
  const deal = Object.hasOwn(state.deals, id) ? state.deals[id] : undefined
  if (event.type === 'OpportunityCreated') {
    if (deal) return state
    Object.defineProperty(state.deals, id, { value: [0, String(data.amount)], writable: true, enumerable: true, configurable: true })
    add(state, 0, String(data.amount), 1)
    return state
  }
  if (!deal) return state
  if (event.type === 'OpportunityUpdated') {
    const amount = (data.changes as Record<string, { to: string }> | undefined)?.amount
    if (amount) {
      add(state, deal[0], deal[1], 0, -1)
      deal[1] = amount.to
      add(state, deal[0], deal[1], 0)
    }
    return state
  }
  const stage = event.type === 'OpportunityReopened' ? (data.stage as SalesStage) : STAGE_OF_EVENT[event.type]
  const next = SALES_STAGES.indexOf(stage)
  if (next < 0) return state
  add(state, deal[0], deal[1], -1, -1)
  deal[0] = next
  add(state, next, deal[1], 1)
  return state
}

/** The `Pipeline` projection: answers the Pipeline query; checkpointed every 2,500 events. */
export const PipelineProjection: Projection<PipelineState> = {
  name: 'Pipeline',
  checkpointEvery: 2_500,
  init() {
    const stageTotals = {} as StageTotals
    for (const stage of SALES_STAGES) stageTotals[stage] = { count: 0, amount: '0.00' }
    return { deals: Object.create(null) as PipelineState['deals'], stageTotals }
  },
  on: ['OpportunityCreated', 'OpportunityQualified', 'ProposalSent', 'OpportunityUpdated', 'OpportunityWon', 'OpportunityLost', 'OpportunityReopened'],
  apply,
  queries: { Pipeline: pipelineQuery },
}
