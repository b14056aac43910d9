import { z } from 'zod'
import {
  isDecimalText,
  money,
  reject,
  type AggregateDefinition,
  type DomainCommand,
  type DomainEvent,
  type Rejection,
} from '../kernel/index.ts'
import { OPPORTUNITY_KINDS, isOpen, type OpenStage, type OpportunityKind, type SalesStage } from './stages.ts'

/** What the Opportunity aggregate remembers to decide; null until it is created. */
type OpportunityState = {
  opportunityId: string
  customerId: string
  name: string
  kind: OpportunityKind
  stage: SalesStage
  closeDate: string
  amount: string
  salesOwner: string
  /** The stage it was closed from, so a reopen can put it back there. */
  closedFrom: OpenStage | null
  /** Flagged as revenue at risk by the RevenueAtRisk policy. */
  flagged: boolean
  /** What the rep will do next and by when; null when nothing is scheduled. */
  nextStep: NextStep | null
} | null

/** A deal's next step: what to do (1–200 characters) and the ISO date it is due. */
export interface NextStep {
  text: string
  due: string
}

const opportunityId = z.string().min(1)
/** An amount in USD as decimal text, zero or more (rounded to cents by the decider). */
const amount = z
  .string()
  .refine(isDecimalText, 'must be a decimal string such as "1009.99"')
  .refine((text) => !text.startsWith('-'), 'must not be negative')
/** An ISO calendar date (`2027-03-31`) that exists. */
const closeDate = z.iso.date()

/** CreateOpportunity's payload: every field of a new opportunity. */
export const CreateOpportunity = z.strictObject({
  opportunityId,
  customerId: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(OPPORTUNITY_KINDS),
  amount,
  closeDate,
  salesOwner: z.string().min(1),
})

/** UpdateOpportunity's payload: the fields to change; the rest stay as they are. */
const UpdateOpportunity = z.strictObject({
  opportunityId,
  name: z.string().min(1).optional(),
  amount: amount.optional(),
  closeDate: closeDate.optional(),
  salesOwner: z.string().min(1).optional(),
})

/** The payload of a command that only names its opportunity (QualifyOpportunity, SendProposal, AcceptContract). */
const OpportunityOnly = z.strictObject({ opportunityId })

/** CloseOpportunity's payload: won or lost, and why. */
const CloseOpportunity = z.strictObject({ opportunityId, outcome: z.enum(['won', 'lost']), reason: z.string().min(1).optional() })

/** ReopenOpportunity's payload. */
const ReopenOpportunity = z.strictObject({ opportunityId, reason: z.string().min(1).optional() })

/** ScheduleNextStep's payload: the step's text (trimmed, 1–200 characters) and its ISO due date. */
const ScheduleNextStep = z.strictObject({ opportunityId, text: z.string().trim().min(1).max(200), due: closeDate })

/** FlagRevenueAtRisk's payload (issued by the RevenueAtRisk policy). */
const FlagRevenueAtRisk = z.strictObject({ opportunityId, customerId: z.string().min(1) })

/** ClearRevenueAtRisk's payload (issued by the RevenueAtRisk policy). */
const ClearRevenueAtRisk = z.strictObject({ opportunityId, reason: z.string().min(1) })

type Created = NonNullable<OpportunityState>
type Decision = DomainEvent[] | Rejection

const UPDATABLE = ['name', 'amount', 'closeDate', 'salesOwner'] as const

function create(data: z.infer<typeof CreateOpportunity>, state: OpportunityState): Decision {
  if (state !== null) return reject('OPPORTUNITY_EXISTS', `Opportunity ${data.opportunityId} already exists`)
  return [{ type: 'OpportunityCreated', data: { ...data, amount: money(data.amount), stage: 'prospecting' } }]
}

function update(data: z.infer<typeof UpdateOpportunity>, state: Created): Decision {
  if (!isOpen(state.stage)) return closed(state)
  const wanted: Record<string, string | undefined> = { ...data, amount: data.amount === undefined ? undefined : money(data.amount) }
  const changes: Record<string, { from: string; to: string }> = {}
  for (const field of UPDATABLE) {
    const to = wanted[field]
    if (to !== undefined && to !== state[field]) changes[field] = { from: state[field], to }
  }
  if (Object.keys(changes).length === 0) return []
  return [{ type: 'OpportunityUpdated', data: { opportunityId: state.opportunityId, changes } }]
}

function close(data: z.infer<typeof CloseOpportunity>, state: Created): Decision {
  if (!isOpen(state.stage)) return closed(state)
  const { opportunityId, customerId } = state
  if (data.outcome === 'lost') return [{ type: 'OpportunityLost', data: { opportunityId, customerId, reason: data.reason ?? null } }]
  if (state.stage !== 'proposal') return proposalNotSent(state)
  return [{ type: 'OpportunityWon', data: { opportunityId, customerId, amount: state.amount, reason: data.reason ?? null } }]
}

function flag(data: z.infer<typeof FlagRevenueAtRisk>, state: Created): Decision {
  if (data.customerId !== state.customerId) {
    return reject('INVALID_COMMAND', `Opportunity ${state.opportunityId} belongs to customer ${state.customerId}, not ${data.customerId}`, {
      field: 'customerId',
    })
  }
  if (!isOpen(state.stage)) return closed(state)
  if (state.flagged) return []
  const { opportunityId, customerId, amount } = state
  return [{ type: 'RevenueAtRiskFlagged', data: { opportunityId, customerId, amount } }]
}

function scheduleNextStep(data: z.infer<typeof ScheduleNextStep>, state: Created): Decision {
  if (!isOpen(state.stage)) return closed(state)
  const text = data.text.trim()
  if (state.nextStep?.text === text && state.nextStep.due === data.due) return []
  return [{ type: 'NextStepScheduled', data: { opportunityId: state.opportunityId, text, due: data.due, previous: state.nextStep } }]
}

function completeNextStep(state: Created): Decision {
  if (!isOpen(state.stage)) return closed(state)
  if (state.nextStep === null) return reject('NO_NEXT_STEP', `Opportunity ${state.opportunityId} has no next step to complete`)
  return [{ type: 'NextStepCompleted', data: { opportunityId: state.opportunityId, ...state.nextStep } }]
}

const closed = (state: Created) => reject('OPPORTUNITY_CLOSED', `Opportunity ${state.opportunityId} is closed (${state.stage})`)
const proposalNotSent = (state: Created) =>
  reject('PROPOSAL_NOT_SENT', `Opportunity ${state.opportunityId} has no proposal out (it is in ${state.stage})`)

function decide(command: DomainCommand, state: OpportunityState): Decision {
  const data = command.data as Record<string, unknown> & { opportunityId: string }
  if (command.type === 'CreateOpportunity') return create(data as z.infer<typeof CreateOpportunity>, state)
  if (state === null) return reject('UNKNOWN_OPPORTUNITY', `No opportunity ${data.opportunityId}`)
  const { opportunityId, customerId } = state
  switch (command.type) {
    case 'QualifyOpportunity':
      if (state.stage !== 'prospecting') return reject('NOT_PROSPECTING', `Opportunity ${opportunityId} is in ${state.stage}, not prospecting`)
      return [{ type: 'OpportunityQualified', data: { opportunityId } }]
    case 'SendProposal':
      if (state.stage !== 'qualification') return reject('NOT_QUALIFIED', `Only qualified opportunities get a proposal; ${opportunityId} is in ${state.stage}`)
      return [{ type: 'ProposalSent', data: { opportunityId } }]
    case 'UpdateOpportunity':
      return update(data as z.infer<typeof UpdateOpportunity>, state)
    case 'AcceptContract':
      if (state.stage !== 'proposal') return proposalNotSent(state)
      return [{ type: 'ContractAccepted', data: { opportunityId, customerId } }]
    case 'CloseOpportunity':
      return close(data as z.infer<typeof CloseOpportunity>, state)
    case 'ReopenOpportunity':
      if (isOpen(state.stage)) return reject('OPPORTUNITY_OPEN', `Opportunity ${opportunityId} is open (${state.stage})`)
      return [
        {
          type: 'OpportunityReopened',
          data: { opportunityId, customerId, stage: state.closedFrom ?? 'prospecting', reason: (data.reason as string | undefined) ?? null },
        },
      ]
    case 'ScheduleNextStep':
      return scheduleNextStep(data as z.infer<typeof ScheduleNextStep>, state)
    case 'CompleteNextStep':
      return completeNextStep(state)
    case 'FlagRevenueAtRisk':
      return flag(data as z.infer<typeof FlagRevenueAtRisk>, state)
    case 'ClearRevenueAtRisk':
      if (!state.flagged) return []
      return [{ type: 'RevenueAtRiskCleared', data: { opportunityId, customerId, reason: data.reason } }]
    default:
      throw new Error(`Opportunity cannot handle ${command.type}`)
  }
}

function evolve(state: OpportunityState, event: DomainEvent): OpportunityState {
  const data = event.data
  if (event.type === 'OpportunityCreated') {
    const { opportunityId, customerId, name, kind, closeDate, amount, salesOwner } = data as Record<string, string>
    return { opportunityId, customerId, name, kind: kind as OpportunityKind, stage: 'prospecting', closeDate, amount, salesOwner, closedFrom: null, flagged: false, nextStep: null }
  }
  if (state === null) return state
  switch (event.type) {
    case 'OpportunityQualified':
      return { ...state, stage: 'qualification' }
    case 'ProposalSent':
      return { ...state, stage: 'proposal' }
    case 'OpportunityUpdated': {
      const changes = data.changes as Record<string, { to: string }>
      const next = { ...state }
      for (const field of UPDATABLE) if (changes[field] !== undefined) next[field] = changes[field].to
      return next
    }
    case 'OpportunityWon':
    case 'OpportunityLost':
      return { ...state, stage: event.type === 'OpportunityWon' ? 'closed_won' : 'closed_lost', closedFrom: isOpen(state.stage) ? state.stage : state.closedFrom }
    case 'OpportunityReopened':
      return { ...state, stage: data.stage as OpenStage, closedFrom: null }
    case 'NextStepScheduled':
      return { ...state, nextStep: { text: String(data.text), due: String(data.due) } }
    case 'NextStepCompleted':
      return { ...state, nextStep: null }
    case 'RevenueAtRiskFlagged':
      return { ...state, flagged: true }
    case 'RevenueAtRiskCleared':
      return { ...state, flagged: false }
    default:
      return state
  }
}

const byOpportunity = (data: Record<string, unknown>) => String(data.opportunityId)
const amountCode = { amount: 'INVALID_AMOUNT' }

/** The Opportunity aggregate (DOMAIN.md "Opportunity aggregate"): an opportunity's way through the pipeline. */
export const Opportunity: AggregateDefinition<OpportunityState> = {
  name: 'Opportunity',
  decider: { initialState: null, decide, evolve },
  commands: {
    CreateOpportunity: { schema: CreateOpportunity, id: byOpportunity, fieldCodes: amountCode },
    QualifyOpportunity: { schema: OpportunityOnly, id: byOpportunity },
    SendProposal: { schema: OpportunityOnly, id: byOpportunity },
    UpdateOpportunity: { schema: UpdateOpportunity, id: byOpportunity, fieldCodes: amountCode },
    AcceptContract: { schema: OpportunityOnly, id: byOpportunity },
    CloseOpportunity: { schema: CloseOpportunity, id: byOpportunity },
    ReopenOpportunity: { schema: ReopenOpportunity, id: byOpportunity },
    ScheduleNextStep: { schema: ScheduleNextStep, id: byOpportunity },
    CompleteNextStep: { schema: OpportunityOnly, id: byOpportunity },
    FlagRevenueAtRisk: { schema: FlagRevenueAtRisk, id: byOpportunity, policyOnly: true },
    ClearRevenueAtRisk: { schema: ClearRevenueAtRisk, id: byOpportunity, policyOnly: true },
  },
}
