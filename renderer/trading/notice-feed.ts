import { onPushedEvents } from '../workspace/host.ts'
import { toast } from '../workspace/toasts.ts'
import { noticeMemory, noticesOf } from './notices.ts'
import { useTrading } from './store.ts'

/**
 * For the whole session: every pushed event that a trader wants to hear of (a fill, a cancel, an expiry,
 * a loyalty tier, a transfer answered) becomes a notice in words. Orders and transfers already on screen
 * are known by their terms; those started while the app was open are learned from the events.
 */
export function startNotices(): () => void {
  const memory = noticeMemory()
  return onPushedEvents((events) => {
    const { orders, transfers } = useTrading.getState()
    for (const o of orders) if (!memory.orders.has(o.orderId)) memory.orders.set(o.orderId, { side: o.side, quantity: o.quantity, symbol: o.symbol })
    for (const t of transfers) if (!memory.transfers.has(t.transferId)) memory.transfers.set(t.transferId, { direction: t.direction, amount: t.amount })
    for (const message of noticesOf(events, memory)) toast({ kind: 'info', message })
  })
}
