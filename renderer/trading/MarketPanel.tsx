import { useState, type FormEvent } from 'react'
import { hasMarket } from '../workspace/host.ts'
import { formatPrice } from './format.ts'
import { useTrading } from './store.ts'

/** The simulated market: current quotes, and a price set by hand (practice mode) that lets the trade service act. */
export function MarketPanel() {
  const quotes = useTrading((s) => s.quotes)
  const [symbol, setSymbol] = useState('')
  const [price, setPrice] = useState('')
  const [busy, setBusy] = useState(false)
  if (!hasMarket()) return null
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const ok = await useTrading.getState().setPrice(symbol, price)
    setBusy(false)
    if (ok) setPrice('')
  }
  return (
    <section className="market" aria-label="Market">
      <h3>Market</h3>
      {quotes.length === 0 ? (
        <p className="muted" data-testid="no-quotes">No quotes yet. Set a price to practise: limit and stop orders fill when it reaches them.</p>
      ) : (
        <table className="table compact" data-testid="quotes">
          <thead><tr><th>Symbol</th><th className="num">Price</th></tr></thead>
          <tbody>{quotes.map((q) => <tr key={q.symbol}><td>{q.symbol}</td><td className="num">{formatPrice(q.price)}</td></tr>)}</tbody>
        </table>
      )}
      <form className="transfer-form" aria-label="Set price" onSubmit={submit}>
        <label>Symbol <input name="symbol" required placeholder="ACME" value={symbol} onChange={(e) => setSymbol(e.target.value)} /></label>
        <label>Price <input name="price" required inputMode="decimal" placeholder="50.00" value={price} onChange={(e) => setPrice(e.target.value)} /></label>
        <button type="submit" disabled={busy}>Set price</button>
      </form>
    </section>
  )
}
