import { useState, type FormEvent, type KeyboardEvent } from 'react'
import type { OrderType, Side, TimeInForce } from '../../domain/trading/order-terms.ts'
import { formatCurrency, formatPrice } from './format.ts'
import { EMPTY_TICKET, useTrading } from './store.ts'
import { buyEstimate, priceField, type TicketForm } from './ticket.ts'

const SIDES: Side[] = ['buy', 'sell']

/** Buy / Sell as a radio group: one tab stop, the arrow keys move the choice (and the focus) between them. */
function SidePicker({ side, onChange }: { side: Side; onChange: (side: Side) => void }) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
    if (step === 0) return
    e.preventDefault()
    const next = SIDES[(SIDES.indexOf(side) + step + SIDES.length) % SIDES.length]
    onChange(next)
    e.currentTarget.querySelector<HTMLElement>(`[data-side="${next}"]`)?.focus()
  }
  return (
    <div className="segmented" role="radiogroup" aria-label="Side" onKeyDown={onKeyDown}>
      {SIDES.map((s) => (
        <button key={s} type="button" role="radio" data-side={s} aria-checked={side === s} tabIndex={side === s ? 0 : -1} className={side === s ? `active ${s}` : ''} onClick={() => onChange(s)}>
          {s === 'buy' ? 'Buy' : 'Sell'}
        </button>
      ))}
    </div>
  )
}

/** The order ticket: sends the Portfolio's PlaceOrder with an id made here; the engine's refusals are toasted. */
export function OrderTicket({ commission }: { commission: string }) {
  const form = useTrading((s) => s.ticket)
  const [busy, setBusy] = useState(false)
  const change = (patch: Partial<TicketForm>) => useTrading.getState().setTicket(patch)
  const symbol = form.symbol.trim().toUpperCase()
  // Only this symbol's price and the list of symbols: a tick of another symbol does not re-render the ticket.
  const quote = useTrading((s) => s.quotes.find((q) => q.symbol === symbol)?.price)
  const symbols = useTrading((s) => s.quotes.map((q) => q.symbol).join(' '))
  const wanted = priceField(form.orderType)
  const estimate = buyEstimate(form, quote, commission)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const ok = await useTrading.getState().placeOrder(form)
    setBusy(false)
    if (ok) change({ ...EMPTY_TICKET, symbol: form.symbol, side: form.side, orderType: form.orderType, timeInForce: form.timeInForce })
  }

  return (
    <form className="trading-form ticket" aria-label="Order ticket" onSubmit={submit}>
      <h3>Order ticket</h3>
      <SidePicker side={form.side} onChange={(side) => change({ side })} />
      <div className="row">
        <label>Symbol <input name="symbol" required list="trading-symbols" placeholder="ACME" autoCapitalize="characters" value={form.symbol} onChange={(e) => change({ symbol: e.target.value })} /></label>
        <label>Quantity <input name="quantity" required inputMode="numeric" placeholder="100" value={form.quantity} onChange={(e) => change({ quantity: e.target.value })} /></label>
      </div>
      <datalist id="trading-symbols">{symbols.split(' ').filter(Boolean).map((s) => <option key={s} value={s} />)}</datalist>
      <div className="row">
        <label>Type <select name="orderType" value={form.orderType} onChange={(e) => change({ orderType: e.target.value as OrderType })}>
          <option value="market">market</option>
          <option value="limit">limit</option>
          <option value="stop">stop</option>
        </select></label>
        {wanted && <label>{wanted.label} <input name={wanted.field} required inputMode="decimal" placeholder="45.00" value={form.price} onChange={(e) => change({ price: e.target.value })} /></label>}
        {/* A market order fills or fails at once: time in force means nothing for it. */}
        {form.orderType !== 'market' && <label>Time in force <select name="timeInForce" value={form.timeInForce} onChange={(e) => change({ timeInForce: e.target.value as TimeInForce })}>
          <option value="day">day</option>
          <option value="gtc">good till canceled</option>
        </select></label>}
      </div>
      <div className="ticket-foot">
        <div className="muted ticket-note" data-testid="ticket-note">
          {symbol && (quote ? <>Quote {symbol} {formatPrice(quote)}</> : <>No quote for {symbol}</>)}
          {estimate && <> · reserves about <strong>{formatCurrency(estimate)}</strong> incl. commission {formatCurrency(commission)}</>}
        </div>
        <button type="submit" className={`primary ${form.side}`} disabled={busy}>{form.side === 'buy' ? 'Place buy order' : 'Place sell order'}</button>
      </div>
    </form>
  )
}
