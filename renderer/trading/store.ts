import { create } from 'zustand'
import type { OrderRow } from '../../domain/trading/read-model/orders.ts'
import type { PortfolioListing, PortfolioSummary } from '../../domain/trading/read-model/portfolio-summary.ts'
import type { TransferRow } from '../../domain/trading/read-model/transfers.ts'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { MethodValues, Params } from '../../main/ipc/contract.ts'

/** A quote as the host tells it: with the day's open where the market knows it. */
type Quote = MethodValues['market.quotes'][number]
import { sendCommand } from '../workspace/commands.ts'
import { hasMarket, onPushedEvents, onQuotes, patchSettings, readQuotes, setPrices } from '../workspace/host.ts'
import { queryValue } from '../workspace/queries.ts'
import { onViewingPosition, useWorkspace } from '../workspace/store.ts'
import { reject as toastRefusal } from '../workspace/toasts.ts'
import { changesPortfolioList, touchesTrading } from './portfolios.ts'
import { closePositionTicket, closeRefusal } from './close.ts'
import { followReplay } from './market-controls.ts'
import { placeOrderCommand, type TicketForm } from './ticket.ts'

/** An empty order ticket. */
export const EMPTY_TICKET: TicketForm = { symbol: '', side: 'buy', quantity: '', orderType: 'market', price: '', timeInForce: 'day' }

/** The actor the third-party wire system answers as, in manual wire mode (the workshop's pink sticky). */
export const WIRE_SYSTEM = 'wire-system'

/** Who the trader is in the log: the workspace's `actor` setting, else "trader". */
export function tradingActor(settings: Record<string, unknown> | undefined): string {
  return typeof settings?.actor === 'string' && settings.actor ? settings.actor : 'trader'
}

/** Whether the wire system waits for a person (settings.wire === 'manual') or confirms by itself. */
export function wireMode(settings: Record<string, unknown> | undefined): 'auto' | 'manual' {
  return settings?.wire === 'manual' ? 'manual' : 'auto'
}

/** What the trader's screens show, kept current from the engine's events. */
interface TradingState {
  /** Every portfolio opened in this workspace, in the order opened (the Portfolios query). */
  portfolios: PortfolioListing[]
  /** The list has been asked for once (until then the screen does not say "no portfolios yet"). */
  learned: boolean
  selected: string | null
  summary: PortfolioSummary | null
  orders: OrderRow[]
  transfers: TransferRow[]
  quotes: Quote[]
  /** The desk's pane shown beside the ticket (positions, orders, transfers, market, performance). */
  pane: string
  showPane(pane: string): void
  /** What the order ticket holds (here, so that a holdings row can fill it in). */
  ticket: TicketForm
  setTicket(patch: Partial<TicketForm>): void
  /** Fills the ticket with a market sell of a holding's free shares (the trader still sends it). */
  closePosition(symbol: string): void
  /** ClosePortfolio of the selected portfolio; a refusal says what is left, in words. */
  closePortfolio(): Promise<boolean>
  /** Pushed quotes (every tick): the ticket follows at once, the summary's prices and values are asked for again. */
  hearQuotes(quotes: Quote[]): void
  /** Asks for the portfolio list, and shows the first portfolio when none is selected yet. */
  catchUp(): Promise<void>
  /** New events from the engine: a portfolio opened or closed reloads the list. */
  hear(events: Parameters<typeof changesPortfolioList>[0]): void
  /** Asks for the portfolio list again. */
  loadPortfolios(): Promise<void>
  select(portfolioId: string | null): void
  refresh(): Promise<void>
  /** Sends one command as the trader (or as `actor`) through the command path: a refusal is toasted, an acceptance can be undone. */
  send(command: Params<'dispatch'>): Promise<boolean>
  openPortfolio(name: string, owner: string): Promise<boolean>
  placeOrder(form: TicketForm): Promise<boolean>
  cancelOrder(orderId: string): Promise<boolean>
  deposit(amount: string, source: string): Promise<boolean>
  withdraw(amount: string, destination: string): Promise<boolean>
  confirmTransfer(transferId: string): Promise<boolean>
  rejectTransfer(transferId: string, reason: string): Promise<boolean>
  setPrice(symbol: string, price: string): Promise<boolean>
  setWireMode(mode: 'auto' | 'manual'): Promise<boolean>
}

function reject(error: CodedError): false {
  toastRefusal(error)
  return false
}

let quoteTimer: ReturnType<typeof setTimeout> | undefined

/** Asks for the selected portfolio's summary again (its prices, market values and P&L follow the quotes). */
async function refreshSummary(): Promise<void> {
  const portfolioId = useTrading.getState().selected
  if (portfolioId === null) return
  const summary = await queryValue<PortfolioSummary | null>('PortfolioSummary', { portfolioId })
  if (summary !== undefined && useTrading.getState().selected === portfolioId) useTrading.setState({ summary })
}

const actor = () => tradingActor(useWorkspace.getState().info?.settings)

export const useTrading = create<TradingState>()((set, get) => ({
  portfolios: [],
  learned: false,
  selected: null,
  summary: null,
  orders: [],
  transfers: [],
  quotes: [],
  ticket: EMPTY_TICKET,
  pane: 'positions',
  showPane: (pane) => set({ pane }),

  setTicket: (patch) => set((s) => ({ ticket: { ...s.ticket, ...patch } })),

  closePosition(symbol) {
    const holding = get().summary?.holdings.find((h) => h.symbol === symbol)
    if (!holding) return
    set({ ticket: closePositionTicket(holding) })
    document.querySelector<HTMLElement>('form[aria-label="Order ticket"] input[name="quantity"]')?.focus()
  },

  async closePortfolio() {
    const portfolioId = get().selected
    if (portfolioId === null) return false
    const result = await sendCommand({ actor: actor(), command: 'ClosePortfolio', data: { portfolioId } }, { quiet: true })
    if (result.ok) return true
    const name = get().portfolios.find((p) => p.portfolioId === portfolioId)?.name ?? 'This portfolio'
    return reject(closeRefusal(result.error, name, get().summary))
  },

  hearQuotes(quotes) {
    set({ quotes })
    followReplay()
    if (useWorkspace.getState().viewingPosition !== null || get().selected === null) return
    clearTimeout(quoteTimer)
    quoteTimer = setTimeout(() => void refreshSummary(), 30)
  },

  async catchUp() {
    await get().loadPortfolios()
    const { selected, portfolios } = get()
    if (selected === null && portfolios.length > 0) get().select(portfolios[0].portfolioId)
    else await get().refresh()
  },

  async loadPortfolios() {
    const portfolios = await queryValue<PortfolioListing[]>('Portfolios', {})
    set((s) => ({ portfolios: portfolios ?? s.portfolios, learned: true }))
  },

  hear(events) {
    if (changesPortfolioList(events)) void get().loadPortfolios()
  },

  select(selected) {
    set({ selected, summary: null, orders: [], transfers: [] })
    void get().refresh()
  },

  async refresh() {
    const portfolioId = get().selected
    const quotes = readQuotes() ?? Promise.resolve(undefined)
    if (portfolioId === null) {
      const q = await quotes
      set({ quotes: q?.ok ? q.value : get().quotes })
      return
    }
    const [summary, orders, transfers, q] = await Promise.all([
      queryValue<PortfolioSummary | null>('PortfolioSummary', { portfolioId }),
      queryValue<OrderRow[]>('Orders', { portfolioId }),
      queryValue<TransferRow[]>('Transfers', { portfolioId }),
      quotes,
    ])
    // A slower answer about a portfolio no longer selected is dropped.
    if (get().selected !== portfolioId) return
    set((s) => ({
      summary: summary === undefined ? s.summary : summary,
      orders: orders ?? s.orders,
      transfers: transfers ?? s.transfers,
      quotes: q?.ok ? q.value : s.quotes,
    }))
  },

  async send(command) {
    // The screens refresh on the command's pushed events (watchTrading), not here.
    const result = await sendCommand({ actor: actor(), ...command })
    return result.ok
  },

  async openPortfolio(name, owner) {
    const portfolioId = crypto.randomUUID()
    const ok = await get().send({ command: 'OpenPortfolio', data: { portfolioId, name: name.trim(), ...(owner.trim() ? { owner: owner.trim() } : {}) } })
    if (ok) get().select(portfolioId)
    return ok
  },

  async placeOrder(form) {
    const portfolioId = get().selected
    if (portfolioId === null) return false
    const ticket = placeOrderCommand(form, portfolioId, crypto.randomUUID(), actor())
    if (!ticket.ok) return reject({ code: ticket.code, message: ticket.message })
    return get().send(ticket.command)
  },

  cancelOrder: (orderId) => get().send({ command: 'CancelOrder', data: { orderId, reason: 'canceled' } }),

  async deposit(amount, source) {
    const portfolioId = get().selected
    if (portfolioId === null) return false
    return get().send({ command: 'RequestFunds', data: { transferId: crypto.randomUUID(), portfolioId, amount: amount.trim(), source: source.trim() } })
  },

  async withdraw(amount, destination) {
    const portfolioId = get().selected
    if (portfolioId === null) return false
    return get().send({ command: 'SendFunds', aggregate: 'Portfolio', data: { transferId: crypto.randomUUID(), portfolioId, amount: amount.trim(), destination: destination.trim() } })
  },

  confirmTransfer: (transferId) => get().send({ command: 'ConfirmTransfer', data: { transferId }, actor: WIRE_SYSTEM }),
  rejectTransfer: (transferId, reason) => get().send({ command: 'RejectTransfer', data: { transferId, reason }, actor: WIRE_SYSTEM }),

  async setPrice(symbol, price) {
    const set = hasMarket() ? setPrices({ [symbol.trim().toUpperCase()]: price.trim() }) : undefined
    if (!set) return reject({ code: 'NO_MARKET', message: 'This host does not let prices be set by hand.' })
    const result = await set
    if (!result.ok) return reject(result.error)
    // Orders the price filled come back as pushed events; a price alone is no event, so the quotes are read here.
    if (result.value.events.length === 0) await get().refresh()
    return true
  },

  async setWireMode(mode) {
    const workspace = useWorkspace.getState()
    const result = await patchSettings({ wire: mode })
    if (!result.ok) return reject(result.error)
    await workspace.load()
    return true
  },
}))

/**
 * Keeps the trader's screens current while they are shown: the list is asked for, then every pushed event
 * heard (the trader's own commands included) and every move of the viewing position.
 */
export function watchTrading(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const offPosition = onViewingPosition(() => void useTrading.getState().refresh())
  const offQuotes = onQuotes((quotes) => useTrading.getState().hearQuotes(quotes))
  const off = onPushedEvents((events) => {
    useTrading.getState().hear(events)
    if (!touchesTrading(events)) return
    clearTimeout(timer)
    timer = setTimeout(() => void useTrading.getState().refresh(), 30)
  })
  void useTrading.getState().catchUp()
  return () => {
    clearTimeout(timer)
    clearTimeout(quoteTimer)
    off()
    offPosition()
    offQuotes()
  }
}
