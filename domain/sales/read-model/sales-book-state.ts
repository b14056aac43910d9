import type { EventEnvelope } from '../../kernel/index.ts'
import { plusMoney } from './cents.ts'
import { SALES_STAGES, type ChurnRisk, type OpenStage, type OpportunityKind, type SalesStage } from '../stages.ts'

/** One customer as the sales screens show it. */
interface CustomerRecord {
  customerId: string
  name: string
  segment: string | null
  churnRisk: ChurnRisk
}

/** One opportunity, compact: everything every sales query needs, and nothing more (think 200,000 of them). */
export interface OpportunityRecord {
  opportunityId: string
  customerId: string
  name: string
  kind: OpportunityKind
  stage: SalesStage
  amount: string
  closeDate: string
  /** The close date it was created with, to tell a slipped deal. */
  firstCloseDate: string
  salesOwner: string
  flagged: boolean
  /** The scheduled next step (text and due date), null when none. */
  nextStep: { text: string; due: string } | null
  createdAt: string
  /** When it was last closed (won or lost); null while open. */
  closedAt: string | null
  lastEventAt: string
}

/** Running count and amount of one stage, so the pipeline is answered without a scan. */
interface StageTotal {
  count: number
  amount: string
}

/**
 * The sales read model's state: customers and opportunities in the order they came, an id → position index
 * for each, the customers' opportunities, and running stage totals. Plain JSON throughout.
 */
export interface SalesBookState {
  customers: CustomerRecord[]
  customerIndex: Record<string, number>
  opportunities: OpportunityRecord[]
  opportunityIndex: Record<string, number>
  /** Positions in `opportunities` of each customer's opportunities, in creation order. */
  byCustomer: Record<string, number[]>
  stageTotals: Record<SalesStage, StageTotal>
}

/** A fresh empty book. */
export function initBook(): SalesBookState {
  const stageTotals = {} as Record<SalesStage, StageTotal>
  for (const stage of SALES_STAGES) stageTotals[stage] = { count: 0, amount: '0.00' }
  return { customers: [], customerIndex: dict(), opportunities: [], opportunityIndex: dict(), byCustomer: dict(), stageTotals }
}

/** The value under an id, or undefined; safe for ids such as "constructor" or "__proto__". */
function lookup<T>(table: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(table, id) ? table[id] : undefined
}

/** The customer record of an id, or undefined. */
export function customerOf(state: SalesBookState, customerId: string): CustomerRecord | undefined {
  const at = lookup(state.customerIndex, customerId)
  return at === undefined ? undefined : state.customers[at]
}

/** The opportunity record of an id, or undefined. */
export function opportunityOf(state: SalesBookState, opportunityId: string): OpportunityRecord | undefined {
  const at = lookup(state.opportunityIndex, opportunityId)
  return at === undefined ? undefined : state.opportunities[at]
}

/** A customer's opportunities in creation order. */
export function opportunitiesOfCustomer(state: SalesBookState, customerId: string): OpportunityRecord[] {
  return (lookup(state.byCustomer, customerId) ?? []).map((at) => state.opportunities[at])
}

/** Event types the book folds. */
export const BOOK_EVENTS = [
  'CustomerRegistered',
  'ChurnRiskFlagged',
  'OpportunityCreated',
  'OpportunityQualified',
  'ProposalSent',
  'OpportunityUpdated',
  'ContractAccepted',
  'OpportunityWon',
  'OpportunityLost',
  'OpportunityReopened',
  'RevenueAtRiskFlagged',
  'RevenueAtRiskCleared',
  'NextStepScheduled',
  'NextStepCompleted',
] as const

/** Folds one sales event into the book, in place. */
export function applyToBook(state: SalesBookState, event: EventEnvelope): SalesBookState {
  const data = event.data
  if (event.type === 'CustomerRegistered') {
    const customerId = String(data.customerId)
    if (lookup(state.customerIndex, customerId) !== undefined) return state
    put(state.customerIndex, customerId, state.customers.length)
    state.customers.push({ customerId, name: String(data.name), segment: (data.segment as string | null | undefined) ?? null, churnRisk: 'low' })
    return state
  }
  if (event.type === 'ChurnRiskFlagged') {
    const customer = customerOf(state, String(data.customerId))
    if (customer) customer.churnRisk = data.level as ChurnRisk
    return state
  }
  if (event.type === 'OpportunityCreated') return create(state, event)
  const record = opportunityOf(state, String(data.opportunityId))
  if (!record) return state
  record.lastEventAt = event.at
  switch (event.type) {
    case 'OpportunityQualified':
      move(state, record, 'qualification')
      break
    case 'ProposalSent':
      move(state, record, 'proposal')
      break
    case 'OpportunityUpdated':
      update(state, record, data.changes as Record<string, { to: string }>)
      break
    case 'OpportunityWon':
    case 'OpportunityLost':
      move(state, record, event.type === 'OpportunityWon' ? 'closed_won' : 'closed_lost')
      record.closedAt = event.at
      break
    case 'OpportunityReopened':
      move(state, record, data.stage as OpenStage)
      record.closedAt = null
      break
    case 'NextStepScheduled':
      record.nextStep = { text: String(data.text), due: String(data.due) }
      break
    case 'NextStepCompleted':
      record.nextStep = null
      break
    case 'RevenueAtRiskFlagged':
    case 'RevenueAtRiskCleared':
      record.flagged = event.type === 'RevenueAtRiskFlagged'
      break
  }
  return state
}

function create(state: SalesBookState, event: EventEnvelope): SalesBookState {
  const data = event.data as Record<string, string>
  if (lookup(state.opportunityIndex, data.opportunityId) !== undefined) return state
  const at = state.opportunities.length
  put(state.opportunityIndex, data.opportunityId, at)
  const mine = lookup(state.byCustomer, data.customerId)
  if (mine) mine.push(at)
  else put(state.byCustomer, data.customerId, [at])
  const record: OpportunityRecord = {
    opportunityId: data.opportunityId,
    customerId: data.customerId,
    name: data.name,
    kind: data.kind as OpportunityKind,
    stage: 'prospecting',
    amount: data.amount,
    closeDate: data.closeDate,
    firstCloseDate: data.closeDate,
    salesOwner: data.salesOwner,
    flagged: false,
    nextStep: null,
    createdAt: event.at,
    closedAt: null,
    lastEventAt: event.at,
  }
  state.opportunities.push(record)
  addToStage(state, record.stage, record.amount, 1)
  return state
}

function update(state: SalesBookState, record: OpportunityRecord, changes: Record<string, { to: string }>): void {
  if (changes.amount) {
    addToStage(state, record.stage, record.amount, 0, -1)
    record.amount = changes.amount.to
    addToStage(state, record.stage, record.amount, 0)
  }
  if (changes.name) record.name = changes.name.to
  if (changes.closeDate) record.closeDate = changes.closeDate.to
  if (changes.salesOwner) record.salesOwner = changes.salesOwner.to
}

function move(state: SalesBookState, record: OpportunityRecord, stage: SalesStage): void {
  addToStage(state, record.stage, record.amount, -1, -1)
  record.stage = stage
  addToStage(state, stage, record.amount, 1)
}

function addToStage(state: SalesBookState, stage: SalesStage, amount: string, count: number, sign: 1 | -1 = 1): void {
  const total = state.stageTotals[stage]
  total.count += count
  total.amount = plusMoney(total.amount, amount, sign)
}

/** An id-keyed table without a prototype, so no id collides with Object's own names. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** Sets an id's entry even where the table came back from JSON with a prototype (`__proto__` stays data). */
function put<T>(table: Record<string, T>, id: string, value: T): void {
  Object.defineProperty(table, id, { value, writable: true, enumerable: true, configurable: true })
}
