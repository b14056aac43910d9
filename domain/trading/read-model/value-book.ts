import { Dec, money, type EventEnvelope } from '../../kernel/index.ts'
import { emptyCostBasis, recordPurchase, recordSale, type CostBasis } from './cost-basis.ts'
import type { TradeFunds } from '../portfolio-state.ts'
import { portfolioIdOf } from '../streams.ts'

/** What moved a portfolio's cash or shares: money in or out, or a fill. */
export type StepKind = 'deposit' | 'withdrawal' | 'refund' | 'buy' | 'sell'

/**
 * One moment of a portfolio's book, after an event that moved its cash or shares: the running totals
 * the value series needs (cash, realized P&L and the cost of what is held, under both cost bases), and
 * for a fill its symbol, shares, price and the shares held after it.
 */
export interface ValueStep {
  position: number
  at: string
  kind: StepKind
  /** The cash it moved (positive): a transfer's amount, a fill's cost or proceeds, commission included. */
  amount: string
  cash: string
  realized: { average: string; fifo: string }
  heldCost: { average: string; fifo: string }
  symbol?: string
  quantity?: number
  price?: string
  /** Shares of `symbol` held after the fill. */
  held?: number
}

/** One portfolio as the value read model folds it (plain JSON: checkpoints store it). */
export interface ValueBook {
  opened: { position: number; at: string }
  steps: ValueStep[]
  /** Each symbol's cost basis (what the shares held cost) and shares held. */
  positions: Record<string, { held: number; basis: CostBasis }>
  /** Indices in `steps` of each symbol's fills (the price chart's markers). */
  fills: Record<string, number[]>
}

/** The PortfolioValue read model's state: one book per portfolio. */
export interface PortfolioValueState {
  books: Record<string, ValueBook>
}

const TRANSFER_KIND: Record<string, StepKind> = { FundsCredited: 'deposit', FundsDebited: 'withdrawal', RefundAccepted: 'refund' }

/** The step an event makes, its running totals taken from the book's last step. */
function stepOf(book: ValueBook, event: EventEnvelope): ValueStep {
  const last = book.steps.at(-1)
  const d = event.data as Record<string, any>
  const cashChange = event.type === 'FundsDebited' ? new Dec(d.amount).negated() : new Dec(d.amount)
  const step: ValueStep = {
    position: event.position, at: event.at, kind: TRANSFER_KIND[event.type], amount: money(d.amount),
    cash: money(cashChange.plus(last?.cash ?? 0)),
    realized: { ...(last?.realized ?? { average: '0.00', fifo: '0.00' }) },
    heldCost: { ...(last?.heldCost ?? { average: '0.00', fifo: '0.00' }) },
  }
  if (d.orderId === undefined) return step
  const trade = d as TradeFunds
  const position = (book.positions[trade.symbol] ??= { held: 0, basis: emptyCostBasis() })
  step.kind = trade.side
  step.symbol = trade.symbol
  step.quantity = trade.quantity
  step.price = trade.price
  if (trade.side === 'buy') {
    recordPurchase(position.basis, trade.quantity, trade.amount)
    position.held += trade.quantity
    step.heldCost = { average: money(new Dec(step.heldCost.average).plus(trade.amount)), fifo: money(new Dec(step.heldCost.fifo).plus(trade.amount)) }
  } else {
    const cost = recordSale(position.basis, trade.quantity)
    position.held -= trade.quantity
    step.realized = { average: money(cashChange.minus(cost.average).plus(step.realized.average)), fifo: money(cashChange.minus(cost.fifo).plus(step.realized.fifo)) }
    step.heldCost = { average: money(new Dec(step.heldCost.average).minus(cost.average)), fifo: money(new Dec(step.heldCost.fifo).minus(cost.fifo)) }
  }
  step.held = position.held
  ;(book.fills[trade.symbol] ??= []).push(book.steps.length)
  return step
}

/** Folds one event into the value books (in place): a portfolio opened, or a step of its book. */
export function applyValueEvent(state: PortfolioValueState, event: EventEnvelope): PortfolioValueState {
  if (event.type === 'PortfolioOpened') {
    const portfolioId = (event.data as { portfolioId: string }).portfolioId
    state.books[portfolioId] = { opened: { position: event.position, at: event.at }, steps: [], positions: {}, fills: {} }
    return state
  }
  const book = state.books[portfolioIdOf(event)]
  if (book !== undefined) book.steps.push(stepOf(book, event))
  return state
}

