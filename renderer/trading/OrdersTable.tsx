import { memo } from 'react'
import type { OrderRow } from '../../domain/trading/read-model/orders.ts'
import { formatCurrency, formatPrice, formatWhen } from './format.ts'
import { useTrading } from './store.ts'

/** An order's type, its price and (not for a market order, which fills or fails at once) its time in force. */
function terms(order: OrderRow): string {
  const tif = order.timeInForce === 'gtc' ? 'gtc' : 'day'
  if (order.orderType === 'limit') return `limit ${formatPrice(order.limitPrice ?? '')} · ${tif}`
  if (order.orderType === 'stop') return `stop ${formatPrice(order.stopPrice ?? '')} · ${tif}`
  return 'market'
}

/** The Orders read model, in the order placed, with Cancel on the orders still pending (CancelOrder). */
export const OrdersTable = memo(function OrdersTable({ orders }: { orders: OrderRow[] }) {
  return (
    <section aria-label="Orders">
      <h3>Orders</h3>
      {orders.length === 0 ? (
        <p className="muted" data-testid="no-orders">No orders yet.</p>
      ) : (
        <table className="table" data-testid="orders">
          <thead>
            <tr><th>Placed</th><th>Symbol</th><th>Side</th><th className="num">Quantity</th><th>Terms</th><th>Status</th><th className="num">Fill price</th><th className="num">Commission</th><th /></tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.orderId} data-testid="order-row" data-status={o.status}>
                <td><time dateTime={o.placedAt} data-testid="order-placed" title={o.updatedAt !== o.placedAt ? `last change ${formatWhen(o.updatedAt)}` : undefined}>{formatWhen(o.placedAt)}</time></td>
                <td><strong>{o.symbol}</strong></td>
                <td className={o.side}>{o.side}</td>
                <td className="num">{o.quantity}</td>
                <td className="nowrap">{terms(o)}</td>
                <td><span className={`status status-${o.status}`} data-testid="order-status">{o.status}</span>{o.status !== 'pending' && <time className="muted when" dateTime={o.updatedAt}> {formatWhen(o.updatedAt)}</time>}{o.reason && o.status === 'failed' && <span className="muted"> ({o.reason.replace(/_/g, ' ')})</span>}</td>
                <td className="num">{o.price ? formatPrice(o.price) : '—'}</td>
                <td className="num">{o.commission ? formatCurrency(o.commission) : '—'}</td>
                <td className="row-actions">
                  {o.status === 'pending' && (
                    <button className="small-button" aria-label={`Cancel ${o.side} ${o.quantity} ${o.symbol}`} onClick={() => void useTrading.getState().cancelOrder(o.orderId)}>Cancel</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
})
