import { create } from 'zustand'
import { dec, money, sum } from '../../domain/kernel/money.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { stageProbabilities, type ChurnRisk, type OpportunityKind } from '../../domain/sales/stages.ts'
import { bridge, isDesktop } from '../bridge.ts'
import { useApp } from '../app/store.ts'
import { onUndoBefore, onUndoChange, useUndo } from '../app/undo.ts'
import type { ApiError } from '../../main/ipc/contract.ts'
import { SALES_STAGES, moveCommand, type SalesStage } from './moves.ts'

/** A customer as the Customers query lists it. */
export interface CustomerRow {
  customerId: string
  name: string
  segment?: string | null
  churnRisk: ChurnRisk
}

/** The RevenueAtRisk read model. */
export interface RevenueAtRisk {
  customers: Array<{ customerId: string; name: string; churnRisk: ChurnRisk; amount: string; opportunities: Array<{ opportunityId: string; name: string; amount: string; closeDate: string }> }>
  total: string
}

/** The board's filters; empty = all. */
export interface PipelineFilters {
  owner: string
  kind: '' | OpportunityKind
  customerId: string
  /** Only deals whose close date falls in the current calendar quarter. */
  thisQuarter: boolean
}

/** One column's totals. */
export interface StageTotals {
  stage: SalesStage
  count: number
  amount: string
  weightedAmount: string
}

/** What the sales rep's screens show, kept current from the engine's events. */
interface PipelineState {
  loaded: boolean
  opportunities: OpportunityRow[]
  customers: CustomerRow[]
  revenueAtRisk: RevenueAtRisk
  filters: PipelineFilters
  /** The opportunity opened in the detail panel. */
  selected: string | null
  /** The form open over the board. */
  form: 'customer' | 'opportunity' | null
  /** Board, Customers, Revenue at risk or Metrics. */
  view: PipelineView
  /** The opportunities as Kanban columns or as one sortable table. */
  layout: 'board' | 'table'
  /** The CSV import dialog is open. */
  importing: boolean
  openForm(form: 'customer' | 'opportunity' | null): void
  setView(view: PipelineView): void
  setLayout(layout: 'board' | 'table'): void
  setImporting(open: boolean): void
  refresh(): Promise<void>
  setFilters(filters: Partial<PipelineFilters>): void
  select(opportunityId: string | null): void
  move(opportunityId: string, to: SalesStage): Promise<boolean>
  send(command: string, data: Record<string, unknown>): Promise<boolean>
  /** Sends a command and answers the engine's refusal instead of only toasting it (inline edits show it in place). */
  sendFor(command: string, data: Record<string, unknown>): Promise<ApiError | null>
}

/** The tabs of the Pipeline screen. */
export type PipelineView = 'board' | 'customers' | 'risk' | 'metrics'

async function query<T>(name: string, fallback: T): Promise<T> {
  const result = await bridge().query(name)
  if (!result.ok) {
    useApp.getState().reject(result.error)
    return fallback
  }
  return result.value as T
}

export const usePipeline = create<PipelineState>()((set, get) => ({
  loaded: false,
  opportunities: [],
  customers: [],
  revenueAtRisk: { customers: [], total: '0.00' },
  filters: { owner: '', kind: '', customerId: '', thisQuarter: false },
  selected: null,
  form: null,
  view: 'board',
  layout: 'board',
  importing: false,
  openForm: (form) => set({ form }),
  setView: (view) => set({ view }),
  setLayout: (layout) => set({ layout }),
  setImporting: (importing) => set({ importing }),
  async refresh() {
    const [opportunities, customers, revenueAtRisk] = await Promise.all([
      query<OpportunityRow[]>('Opportunities', get().opportunities),
      query<CustomerRow[]>('Customers', get().customers),
      query<RevenueAtRisk>('RevenueAtRisk', get().revenueAtRisk),
    ])
    set({ opportunities, customers, revenueAtRisk, loaded: true })
  },
  setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
  select: (selected) => set({ selected }),
  async move(opportunityId, to) {
    const card = get().opportunities.find((o) => o.opportunityId === opportunityId)
    if (!card) return false
    const move = moveCommand(opportunityId, card.stage, to, useApp.getState().actor)
    if (!move.ok) {
      if (move.code !== 'SAME_STAGE') useApp.getState().reject({ code: move.code, message: move.message })
      return false
    }
    // Optimistic: the card moves at once and snaps back if the engine refuses.
    const before = card.stage
    const place = (stage: SalesStage) => set((s) => ({ opportunities: s.opportunities.map((o) => (o.opportunityId === opportunityId ? { ...o, stage } : o)) }))
    place(to)
    const result = await bridge().dispatch(move.command)
    if (!result.ok) {
      place(before)
      useApp.getState().reject(result.error)
      return false
    }
    useUndo.getState().record(move.command, result.value.events, { stage: before })
    await get().refresh()
    return true
  },
  async send(command, data) {
    const error = await get().sendFor(command, data)
    if (error) useApp.getState().reject(error)
    return error === null
  },
  async sendFor(command, data) {
    const sent = { command, data, actor: useApp.getState().actor }
    const before = beforeCommand(sent)
    const result = await bridge().dispatch(sent)
    if (!result.ok) return result.error
    useUndo.getState().record(sent, result.value.events, before)
    await get().refresh()
    return null
  },
}))

/** The stage of the opportunity a command addresses, as the screen knew it before sending. */
function beforeCommand(command: { data: Record<string, unknown> }): { stage?: SalesStage } {
  const stage = usePipeline.getState().opportunities.find((o) => o.opportunityId === command.data.opportunityId)?.stage
  return stage ? { stage } : {}
}

onUndoChange(() => usePipeline.getState().refresh())
onUndoBefore(beforeCommand)

/** The first and last day (YYYY-MM-DD) of the calendar quarter `today` falls in. */
export function quarterOf(today: string): [string, string] {
  const year = today.slice(0, 4)
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3)
  const first = String(q * 3 + 1).padStart(2, '0')
  const last = String(q * 3 + 3).padStart(2, '0')
  return [`${year}-${first}-01`, `${year}-${last}-31`]
}

/** The opportunities the filters let through (`today` decides "closing this quarter"). */
export function filtered(opportunities: OpportunityRow[], filters: PipelineFilters, today = new Date().toISOString().slice(0, 10)): OpportunityRow[] {
  const [from, to] = quarterOf(today)
  return opportunities.filter(
    (o) =>
      (!filters.owner || o.salesOwner === filters.owner) &&
      (!filters.kind || o.kind === filters.kind) &&
      (!filters.customerId || o.customerId === filters.customerId) &&
      (!filters.thisQuarter || (o.closeDate >= from && o.closeDate <= to)),
  )
}

/** Count, amount and weighted amount of each column, as the Pipeline read model computes them (settings' probabilities). */
export function stageTotals(opportunities: OpportunityRow[], settings: Record<string, unknown>): StageTotals[] {
  const probabilities = stageProbabilities(settings)
  return SALES_STAGES.map((stage) => {
    const rows = opportunities.filter((o) => o.stage === stage)
    const amount = sum(rows.map((o) => o.amount))
    return { stage, count: rows.length, amount: money(amount), weightedAmount: money(dec(amount).times(probabilities[stage])) }
  })
}

/** Money as the screens show it: grouped, two decimals. */
export function formatMoney(amount: string): string {
  const n = Number(amount)
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 }) : amount
}

/** Reloads the rep's screens whenever the engine writes sales events. */
export function watchPipeline(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  return bridge().onEvents((events) => {
    // Browser mode's in-app notification: a deal newly flagged as revenue at risk (the desktop app raises
    // a system notification from its main process instead).
    for (const event of isDesktop() ? [] : events) {
      if (event.type !== 'RevenueAtRiskFlagged') continue
      const name = usePipeline.getState().opportunities.find((o) => o.opportunityId === event.data.opportunityId)?.name ?? String(event.data.opportunityId)
      useApp.getState().toast({ kind: 'info', message: `Revenue at risk: ${name} (${formatMoney(String(event.data.amount))}) — its customer's churn risk is high.` })
    }
    clearTimeout(timer)
    timer = setTimeout(() => void usePipeline.getState().refresh(), 30)
  })
}
