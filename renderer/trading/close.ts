import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { PortfolioSummary } from '../../domain/trading/read-model/portfolio-summary.ts'
import { formatCurrency } from './format.ts'
import type { TicketForm } from './ticket.ts'

function list(parts: string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

/**
 * The PORTFOLIO_NOT_EMPTY refusal in the trader's words: what is left (cash, holdings, open orders, with
 * amounts formatted) and what to do about it. Other refusals pass unchanged.
 */
export function closeRefusal(error: CodedError, name: string, summary: PortfolioSummary | null): CodedError {
  if (error.code !== 'PORTFOLIO_NOT_EMPTY') return error
  const details = (error.details ?? {}) as { cash?: unknown; holdings?: unknown; activeOrders?: unknown }
  const cash = typeof details.cash === 'string' ? details.cash : (summary?.cash ?? '0')
  const symbols = Array.isArray(details.holdings) ? (details.holdings as string[]) : (summary?.holdings.map((h) => h.symbol) ?? [])
  const orders = typeof details.activeOrders === 'number' ? details.activeOrders : 0
  const left: string[] = []
  const todo: string[] = []
  if (!/^-?0*(\.0*)?$/.test(cash)) {
    left.push(`cash ${formatCurrency(cash)}`)
    todo.push(cash.startsWith('-') ? 'deposit to bring the cash to zero' : 'withdraw the cash')
  }
  if (symbols.length > 0) {
    left.push(list(symbols.map((symbol) => {
      const held = summary?.holdings.find((h) => h.symbol === symbol)
      return held ? `${held.quantity} ${symbol}` : symbol
    })))
    todo.push('sell the holdings')
  }
  if (orders > 0) {
    left.push(orders === 1 ? '1 open order' : `${orders} open orders`)
    todo.push(orders === 1 ? 'cancel the order' : 'cancel the orders')
  }
  const message = `${name} cannot be closed: it still holds ${list(left)}. First ${list(todo)}.`
  return { ...error, message }
}

/** The ticket that closes a position: a market sell of every share not already set aside for a sell. */
export function closePositionTicket(holding: { symbol: string; quantity: number; reserved: number }): TicketForm {
  return { symbol: holding.symbol, side: 'sell', quantity: String(holding.quantity - holding.reserved), orderType: 'market', price: '', timeInForce: 'day' }
}
