import { z } from 'zod'
import { Dec, money, price, type EventEnvelope, type Projection, type QueryContext } from '../../kernel/index.ts'
import { emptyCostBasis, heldCost, recordPurchase, recordSale, type CostBasis, type CostBasisMethod } from './cost-basis.ts'
import { commissionFor, type LoyaltyLevel } from '../loyalty.ts'
import type { Side } from '../order-terms.ts'
import type { TradeFunds } from '../portfolio-state.ts'
import { portfolioIdOf } from '../streams.ts'

/** One symbol in the summary's book: shares, reserved shares, last fill price and cost basis. */
interface BookHolding {
  quantity: number
  reserved: number
  lastPrice: string
  basis: CostBasis
}

/** One portfolio as the summary folds it (plain JSON: checkpoints store it). */
interface Book {
  portfolioId: string
  /** Position of its PortfolioOpened: the Portfolios list is in the order opened. */
  opened: number
  name: string
  owner: string | null
  status: 'open' | 'closed'
  cash: string
  reservedCash: string
  loyaltyLevel: LoyaltyLevel
  /** Every order's side and a buy's reserved estimate: what a later fill or failure needs to know. */
  orders: Record<string, { side: Side; estimate: string }>
  holdings: Record<string, BookHolding>
  realized: { average: string; fifo: string }
}

/** One line of the `Portfolios` list: every portfolio opened in the workspace, in the order opened. */
export interface PortfolioListing {
  portfolioId: string
  name: string
  owner: string | null
  status: 'open' | 'closed'
  loyaltyLevel: LoyaltyLevel
}

/** The PortfolioSummary read model's state: one book per portfolio. */
interface PortfolioSummaryState {
  portfolios: Record<string, Book>
}

const add = (a: string, b: string | Dec): string => money(new Dec(a).plus(b))
const sub = (a: string, b: string | Dec): string => money(new Dec(a).minus(b))

function holding(book: Book, symbol: string): BookHolding {
  book.holdings[symbol] ??= { quantity: 0, reserved: 0, lastPrice: '0', basis: emptyCostBasis() }
  return book.holdings[symbol]
}

/** A fill's money event: cash, the buy's reservation, the cost basis, and a sale's realized P&L under both bases. */
function applyTrade(book: Book, trade: TradeFunds, cashChange: Dec): void {
  book.cash = add(book.cash, cashChange)
  const h = holding(book, trade.symbol)
  h.lastPrice = trade.price
  if (trade.side === 'buy') {
    book.reservedCash = sub(book.reservedCash, book.orders[trade.orderId]?.estimate ?? '0')
    recordPurchase(h.basis, trade.quantity, trade.amount)
    return
  }
  h.quantity -= trade.quantity
  h.reserved -= trade.quantity
  const cost = recordSale(h.basis, trade.quantity)
  book.realized.average = add(book.realized.average, cashChange.minus(cost.average))
  book.realized.fifo = add(book.realized.fifo, cashChange.minus(cost.fifo))
}

function applyEvent(state: PortfolioSummaryState, event: EventEnvelope): PortfolioSummaryState {
  const d = event.data as Record<string, any>
  if (event.type === 'PortfolioOpened') {
    state.portfolios[d.portfolioId] = {
      portfolioId: d.portfolioId, opened: event.position, name: d.name, owner: d.owner ?? null, status: 'open', cash: '0.00', reservedCash: '0.00',
      loyaltyLevel: d.loyaltyLevel, orders: {}, holdings: {}, realized: { average: '0.00', fifo: '0.00' },
    }
    return state
  }
  const book = state.portfolios[portfolioIdOf(event)]
  if (book === undefined) return state
  switch (event.type) {
    case 'FundsCredited':
    case 'FundsDebited': {
      const change = event.type === 'FundsCredited' ? new Dec(d.amount) : new Dec(d.amount).negated()
      if (d.orderId !== undefined) applyTrade(book, d as TradeFunds, change)
      else book.cash = add(book.cash, change)
      break
    }
    case 'RefundAccepted': book.cash = add(book.cash, d.amount); break
    case 'OrderPlaced':
      book.orders[d.orderId] = { side: d.side, estimate: d.estimate ?? '0.00' }
      book.reservedCash = add(book.reservedCash, d.estimate ?? '0')
      break
    case 'SharesDebited': holding(book, d.symbol).reserved += d.quantity; break
    case 'SharesCredited':
      if (book.orders[d.orderId]?.side === 'buy') holding(book, d.symbol).quantity += d.quantity
      else holding(book, d.symbol).reserved -= d.quantity
      break
    case 'OrderFailed': book.reservedCash = sub(book.reservedCash, book.orders[d.orderId]?.estimate ?? '0'); break
    case 'LoyaltyLevelChanged': book.loyaltyLevel = d.to; break
    case 'PortfolioClosed': book.status = 'closed'; break
  }
  return state
}

/** A portfolio's summary as the trader reads it, valued at the current quotes (else the last fill price). */
function summarize(book: Book, context: QueryContext) {
  const method: CostBasisMethod = context.settings.costBasis === 'fifo' ? 'fifo' : 'average'
  let total = new Dec(book.cash)
  const holdings = Object.keys(book.holdings).sort().filter((symbol) => book.holdings[symbol].quantity > 0).map((symbol) => {
    const h = book.holdings[symbol]
    const at = price(context.quote(symbol)?.price ?? h.lastPrice)
    const cost = heldCost(h.basis, method)
    const marketValue = money(new Dec(at).times(h.quantity))
    total = total.plus(marketValue)
    return {
      symbol, quantity: h.quantity, reserved: h.reserved, averageCost: price(new Dec(cost).div(h.quantity)),
      price: at, marketValue, unrealizedPnl: sub(marketValue, cost),
    }
  })
  return {
    portfolioId: book.portfolioId, name: book.name, owner: book.owner, status: book.status,
    cash: book.cash, reservedCash: book.reservedCash, availableCash: sub(book.cash, book.reservedCash),
    loyaltyLevel: book.loyaltyLevel, nextCommission: commissionFor(book.loyaltyLevel),
    holdings, realizedPnl: method === 'fifo' ? book.realized.fifo : book.realized.average,
    totalValue: money(total), overdrawn: new Dec(book.cash).isNegative(),
  }
}

/** The shape of a PortfolioSummary answer. */
export type PortfolioSummary = ReturnType<typeof summarize>

/** The PortfolioSummary read model: cash, holdings, P&L, total value and loyalty of each portfolio. */
export const PortfolioSummaryProjection: Projection<PortfolioSummaryState> = {
  name: 'PortfolioSummary',
  // 2: books remember where they were opened (the Portfolios query's order).
  version: 2,
  init: () => ({ portfolios: {} }),
  on: ['PortfolioOpened', 'FundsCredited', 'FundsDebited', 'RefundAccepted', 'OrderPlaced', 'SharesDebited', 'SharesCredited', 'OrderFailed', 'LoyaltyLevelChanged', 'PortfolioClosed'],
  apply: applyEvent,
  queries: {
    Portfolios: {
      params: z.strictObject({}),
      run: (state): PortfolioListing[] =>
        Object.values(state.portfolios)
          .sort((a, b) => a.opened - b.opened)
          .map(({ portfolioId, name, owner, status, loyaltyLevel }) => ({ portfolioId, name, owner, status, loyaltyLevel })),
    },
    PortfolioSummary: {
      params: z.object({ portfolioId: z.string() }),
      run: (state, params, context): PortfolioSummary | null => {
        const book = state.portfolios[params.portfolioId as string]
        return book === undefined ? null : summarize(book, context)
      },
    },
  },
}
