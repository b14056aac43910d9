import { create } from 'zustand'
import { dec } from '../../domain/kernel/money.ts'
import { formatCurrency } from '../../domain/sales/currency.ts'
import { currencySetting, DEFAULT_CURRENCY } from '../../domain/sales/settings-defaults.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import type { ChurnRisk } from '../../domain/sales/stages.ts'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { sendCommand } from '../workspace/commands.ts'
import { isDesktop, onPushedEvents } from '../workspace/host.ts'
import { query, queryValue } from '../workspace/queries.ts'
import { onViewingPosition, useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { parseAmount } from '../workspace/amount.ts'
import type { PipelineFilters } from './filters.ts'
import { BOARD_QUERIES } from './first-queries.ts'
import { STAGE_LABELS, moveCommand, type SalesStage } from './moves.ts'

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

/** What the sales rep's screens show, kept current from the engine's events. */
interface PipelineState {
  loaded: boolean
  opportunities: OpportunityRow[]
  customers: CustomerRow[]
  revenueAtRisk: RevenueAtRisk
  /** The open deals with no event for the stale days of the settings (SalesMetrics' `stale`). */
  stale: ReadonlySet<string>
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
  /** An import is sending its rows: the screens reload once at its end, not on every pushed event. */
  sending: boolean
  /** Holds the reloads while a batch of commands goes out, then reloads once. */
  sendingBatch<T>(work: () => Promise<T>): Promise<T>
  /** The deal whose "Mark lost" dialog asks for a reason. */
  losing: string | null
  /** The customer whose churn risk the rep is flagging (the dialog asks for a reason), with the level chosen. */
  flagging: { customerId: string; level: ChurnRisk } | null
  /** The selected deal's "Move to…" menu is open. */
  moving: boolean
  /** The customer whose page is open (in place of the tab's view), and the deal whose panel it was opened from. */
  customerPage: { customerId: string; fromDeal: string | null } | null
  /** Opens a customer's page; from a deal's panel, the panel closes and comes back when the page closes. */
  openCustomer(customerId: string, fromDeal?: string | null): void
  /** Closes the customer's page (back to the deal's panel it was opened from, if any). */
  closeCustomer(): void
  setLosing(opportunityId: string | null): void
  setFlagging(flagging: { customerId: string; level: ChurnRisk } | null): void
  setMoving(open: boolean): void
  /** Esc: closes the topmost thing the pipeline has open (a dialog, then the menu, then the panel); true when it closed one. */
  closeTop(): boolean
  /** CloseOpportunity lost, with the reason the rep gave. */
  markLost(opportunityId: string, reason: string): Promise<boolean>
  openForm(form: 'customer' | 'opportunity' | null): void
  setView(view: PipelineView): void
  setLayout(layout: 'board' | 'table'): void
  setImporting(open: boolean): void
  refresh(): Promise<void>
  setFilters(filters: Partial<PipelineFilters>): void
  select(opportunityId: string | null): void
  move(opportunityId: string, to: SalesStage): Promise<boolean>
  send(command: string, data: Record<string, unknown>): Promise<boolean>
  /** Sends a command and answers the engine's refusal instead of toasting it. */
  sendFor(command: string, data: Record<string, unknown>): Promise<CodedError | null>
  /**
   * One field edited in place (UpdateOpportunity): shown at once, put back if the engine refuses, whose
   * refusal is answered (the field shows it in place); the pushed events bring the value the engine kept.
   */
  edit(opportunityId: string, field: 'name' | 'amount' | 'closeDate' | 'salesOwner', value: string): Promise<CodedError | null>
}

/** The tabs of the Pipeline screen. */
export type PipelineView = 'board' | 'customers' | 'risk' | 'metrics'

export { filtered, quarterOf, stageTotals, type PipelineFilters, type StageTotals } from './filters.ts'

/** Refreshes asked so far: an answer that comes after a newer refresh began is dropped. */
let refreshes = 0

export const usePipeline = create<PipelineState>()((set, get) => ({
  loaded: false,
  opportunities: [],
  customers: [],
  revenueAtRisk: { customers: [], total: '0.00' },
  stale: new Set<string>(),
  filters: { owner: '', kind: '', customerId: '', thisQuarter: false, due: false, mine: false },
  selected: null,
  form: null,
  view: 'board',
  layout: 'board',
  importing: false,
  sending: false,
  async sendingBatch(work) {
    set({ sending: true })
    try {
      return await work()
    } finally {
      set({ sending: false })
      await get().refresh()
    }
  },
  losing: null,
  flagging: null,
  moving: false,
  customerPage: null,
  openCustomer: (customerId, fromDeal = null) => set((s) => ({ customerPage: { customerId, fromDeal }, selected: fromDeal ? null : s.selected, moving: false })),
  closeCustomer: () => set((s) => ({ customerPage: null, selected: s.customerPage?.fromDeal ?? s.selected })),
  setLosing: (losing) => set({ losing }),
  setFlagging: (flagging) => set({ flagging }),
  setMoving: (moving) => set({ moving }),
  closeTop() {
    const s = get()
    if (s.losing) set({ losing: null })
    else if (s.flagging) set({ flagging: null })
    else if (s.form) set({ form: null })
    else if (s.importing) set({ importing: false })
    else if (s.moving) set({ moving: false })
    else if (s.selected) set({ selected: null })
    else if (s.customerPage) s.closeCustomer()
    else return false
    return true
  },
  async markLost(opportunityId, reason) {
    const ok = await get().send('CloseOpportunity', { opportunityId, outcome: 'lost', ...(reason.trim() ? { reason: reason.trim() } : {}) })
    if (ok) set({ losing: null })
    return ok
  },
  openForm: (form) => set({ form }),
  setView: (view) => set({ view, customerPage: null }),
  setLayout: (layout) => set({ layout }),
  setImporting: (importing) => set({ importing }),
  async refresh() {
    const generation = ++refreshes
    const [opportunities, customers, revenueAtRisk, metrics] = BOARD_QUERIES.map((name) => queryValue(name))
    // The cards and the customer filter as soon as they come; revenue at risk and the stale marks (the
    // biggest answer) follow. A newer refresh's answers win over an older one's.
    const [rows, customerRows] = (await Promise.all([opportunities, customers])) as [OpportunityRow[] | undefined, CustomerRow[] | undefined]
    if (generation !== refreshes) return
    set((s) => ({ opportunities: rows ?? s.opportunities, customers: customerRows ?? s.customers, loaded: true }))
    const [risk, salesMetrics] = (await Promise.all([revenueAtRisk, metrics])) as [RevenueAtRisk | undefined, { stale: Array<{ opportunityId: string }> } | undefined]
    if (generation !== refreshes) return
    const stale = salesMetrics ? new Set(salesMetrics.stale.map((o) => o.opportunityId)) : undefined
    set((s) => ({ revenueAtRisk: risk ?? s.revenueAtRisk, stale: stale ?? s.stale }))
  },
  setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
  select: (selected) => set({ selected }),
  async move(opportunityId, to) {
    const card = get().opportunities.find((o) => o.opportunityId === opportunityId)
    if (!card) return false
    set({ moving: false })
    const move = moveCommand(opportunityId, card.stage, to, useWorkspace.getState().actor)
    if (!move.ok) {
      if (move.code !== 'SAME_STAGE') reject({ code: move.code, message: move.message })
      return false
    }
    // Losing a deal asks why first: the dialog sends the close.
    if (move.command.command === 'CloseOpportunity' && to === 'closed_lost') {
      set({ losing: opportunityId })
      return false
    }
    // Optimistic: the card moves at once and snaps back if the engine refuses.
    const before = card.stage
    const place = (stage: SalesStage) => set((s) => ({ opportunities: s.opportunities.map((o) => (o.opportunityId === opportunityId ? { ...o, stage } : o)) }))
    place(to)
    const result = await sendCommand(move.command, { before: { stage: before }, quiet: true })
    if (!result.ok) {
      place(before)
      reject(named(result.error))
      return false
    }
    // A drop the domain maps elsewhere says so (a reopen goes back to the stage the deal was closed from).
    const landed = result.value.events.find((e) => e.type === 'OpportunityReopened')?.data.stage as SalesStage | undefined
    if (landed && landed !== to) {
      place(landed)
      toast({ kind: 'info', message: landingMessage(card.name, before, landed) })
    }
    return true
  },
  async send(command, data) {
    const error = await get().sendFor(command, data)
    if (error) reject(named(error))
    return error === null
  },
  async sendFor(command, data) {
    const result = await sendCommand({ command, data, actor: useWorkspace.getState().actor }, { quiet: true })
    return result.ok ? null : result.error
  },
  async edit(opportunityId, field, typed) {
    const before = get().opportunities.find((o) => o.opportunityId === opportunityId)
    if (!before) return null
    let value = typed
    if (field === 'amount') {
      const parsed = parseAmount(typed)
      if (!parsed.ok) return { code: 'INVALID_AMOUNT', message: parsed.message, details: { field: 'amount' } }
      value = parsed.value
      if (dec(before.amount).eq(value)) return null
    }
    const patch = (row: OpportunityRow) => set((s) => ({ opportunities: s.opportunities.map((o) => (o.opportunityId === opportunityId ? row : o)) }))
    const sent = { command: 'UpdateOpportunity', data: { opportunityId, [field]: value }, actor: useWorkspace.getState().actor }
    const pending = sendCommand(sent, { quiet: true, before: stageBefore(sent) })
    patch({ ...before, [field]: value })
    const result = await pending
    if (result.ok) return null
    patch(before)
    return result.error
  },
}))

/** What a reopen that lands elsewhere than the drop says: "Reopened Acme platform into Proposal, the stage it was won from." */
export function landingMessage(name: string, from: SalesStage, landed: SalesStage): string {
  const how = from === 'closed_won' ? 'won' : 'lost'
  return `Reopened ${name} into ${STAGE_LABELS[landed]}, the stage it was ${how} from.`
}

/**
 * A refusal as the rep reads it: the ids of deals and customers the engine names are replaced by their
 * names (the renderer knows them), so "Opportunity 0190… is closed" reads "Opportunity “Acme platform” is closed".
 */
export function named(error: CodedError, state: Pick<PipelineState, 'opportunities' | 'customers'> = usePipeline.getState()): CodedError {
  let message = error.message
  for (const o of state.opportunities) if (message.includes(o.opportunityId)) message = message.split(o.opportunityId).join(`“${o.name}”`)
  for (const c of state.customers) if (message.includes(c.customerId)) message = message.split(c.customerId).join(`“${c.name}”`)
  message = message.replace(/\b(closed_won|closed_lost|prospecting|qualification|proposal)\b/g, (stage) => STAGE_LABELS[stage as SalesStage])
  return message === error.message ? error : { ...error, message }
}

/** The name of a deal or customer by its id, as the board knows it (the id itself when it does not). */
export function nameOf(id: unknown): string {
  const { opportunities, customers } = usePipeline.getState()
  return opportunities.find((o) => o.opportunityId === id)?.name ?? customers.find((c) => c.customerId === id)?.name ?? String(id)
}

/** The stage of the opportunity a command addresses, as the screen knew it before sending (for undo). */
export function stageBefore(command: { data: Record<string, unknown> }): { stage?: SalesStage } {
  const stage = usePipeline.getState().opportunities.find((o) => o.opportunityId === command.data.opportunityId)?.stage
  return stage ? { stage } : {}
}

let currencyFor: { settings: unknown; currency: string } = { settings: undefined, currency: DEFAULT_CURRENCY }

/** The workspace's display currency (Settings), read once per settings object. */
export function displayCurrency(): string {
  const settings = useWorkspace.getState().info?.settings
  if (settings !== currencyFor.settings) currencyFor = { settings, currency: currencySetting(settings ?? {}) }
  return currencyFor.currency
}

/** Money as the sales screens and messages show it: the one money format, in the display currency ("$48,000.00"). */
export function formatMoney(amount: string): string {
  return formatCurrency(amount, displayCurrency())
}

/** A deal's name, asked of the read model when the board has not loaded the deal yet; never its id. */
async function dealName(opportunityId: string): Promise<string> {
  const known = usePipeline.getState().opportunities.find((o) => o.opportunityId === opportunityId)
  if (known) return known.name
  const found = await query<OpportunityRow | null>('Opportunity', { opportunityId }, { now: true })
  return found.ok && found.value ? found.value.name : 'a deal'
}

/**
 * Keeps the rep's screens current: they reload when the engine pushes events (the rep's own commands
 * included: the command path does not refresh) and when the viewing position moves.
 */
export function watchPipeline(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const offPosition = onViewingPosition(() => void usePipeline.getState().refresh())
  const offEvents = onPushedEvents((events) => {
    // Browser mode's in-app notification: a deal newly flagged as revenue at risk (the desktop app raises
    // a system notification from its main process instead).
    for (const event of isDesktop() ? [] : events) {
      if (event.type !== 'RevenueAtRiskFlagged') continue
      const amount = formatMoney(String(event.data.amount))
      void dealName(String(event.data.opportunityId)).then((name) => toast({ kind: 'info', message: `Revenue at risk: ${name} (${amount}) — its customer's churn risk is high.` }))
    }
    clearTimeout(timer)
    // While an import sends its rows the screens hold still; they reload once when it is done.
    if (!usePipeline.getState().sending) timer = setTimeout(() => void usePipeline.getState().refresh(), 30)
  })
  return () => {
    clearTimeout(timer)
    offEvents()
    offPosition()
  }
}
