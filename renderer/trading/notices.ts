import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { formatCurrency, formatPrice } from './format.ts'

/** What the notices know of an order or a transfer that a later event names only by its id. */
export interface NoticeMemory {
  orders: Map<string, { side: string; quantity: number; symbol: string }>
  transfers: Map<string, { direction: 'deposit' | 'withdrawal'; amount: string }>
}

/** An empty memory. */
export function noticeMemory(): NoticeMemory {
  return { orders: new Map(), transfers: new Map() }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * The notices a batch of pushed events brings, in words ("Buy 10 ACME filled at 101.25"): an order
 * filled, canceled or expired; the loyalty tier changed; a transfer confirmed, rejected or refunded. The
 * memory learns the orders and transfers the events start, so a later event can name them.
 */
export function noticesOf(events: readonly EventEnvelope[], memory: NoticeMemory): string[] {
  const out: string[] = []
  for (const event of events) {
    const d = event.data as Record<string, any>
    const order = () => {
      const o = memory.orders.get(d.orderId)
      return o ? `${capital(o.side)} ${o.quantity} ${o.symbol}` : 'An order'
    }
    const transfer = () => {
      const t = memory.transfers.get(d.transferId)
      return t ? `${capital(t.direction)} of ${formatCurrency(t.amount)}` : 'A transfer'
    }
    switch (event.type) {
      case 'OrderPlaced':
        memory.orders.set(d.orderId, { side: d.side, quantity: d.quantity, symbol: d.symbol })
        break
      case 'FundsRequested':
        memory.transfers.set(d.transferId, { direction: 'deposit', amount: d.amount })
        break
      case 'FundsSent':
        memory.transfers.set(d.transferId, { direction: 'withdrawal', amount: d.amount })
        break
      case 'OrderFulfilled':
        out.push(`${order()} filled at ${formatPrice(String(d.price))}`)
        break
      case 'OrderFailed':
        out.push(d.reason === 'canceled' ? `${order()} canceled` : d.reason === 'expired' ? `${order()} expired` : `${order()} failed (${String(d.reason).replace(/_/g, ' ')})`)
        break
      case 'LoyaltyLevelChanged':
        out.push(`Loyalty level changed from ${d.from} to ${d.to}`)
        break
      case 'TransferConfirmed':
        out.push(`${transfer()} confirmed`)
        break
      case 'TransferRejected':
        out.push(`${transfer()} rejected: ${d.reason}`)
        break
      case 'RefundAccepted':
        out.push(`${transfer()} refunded: ${formatCurrency(String(d.amount))} back in cash`)
        break
    }
  }
  return out
}
