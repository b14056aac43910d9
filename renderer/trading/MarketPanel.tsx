import { memo, useState, type FormEvent } from 'react'
import { hasMarket } from '../workspace/host.ts'
import { formatPercent, formatPrice, formatPriceChange } from './format.ts'
import { ImportPricesDialog } from './ImportPricesDialog.tsx'
import { MarketControlStrip } from './MarketControls.tsx'
import { useTrading } from './store.ts'
import { dayChange } from './watchlist.ts'

/** One quote's row: rendered again only when its own price or open moved (a tick re-renders only what changed). */
const QuoteRow = memo(function QuoteRow({ symbol, price, open }: { symbol: string; price: string; open?: string }) {
  const moved = dayChange(price, open)
  const tone = moved ? formatPriceChange(moved.change) : null
  return (
    <tr data-testid="quote-row">
      <td>{symbol}</td>
      <td className="num">{formatPrice(price)}</td>
      <td className={`num ${tone?.tone ?? ''}`}>{moved ? `${tone!.text} (${formatPercent(moved.percent)})` : '—'}</td>
    </tr>
  )
})

/**
 * The simulated market: the practice controls, current quotes, a price set by hand (practice mode) that
 * lets the trade service act, and the import of a price history.
 */
export function MarketPanel() {
  const quotes = useTrading((s) => s.quotes)
  const [symbol, setSymbol] = useState('')
  const [price, setPrice] = useState('')
  const [busy, setBusy] = useState(false)
  const [importing, setImporting] = useState(false)
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
      <MarketControlStrip onImport={() => setImporting(true)} />
      {quotes.length === 0 ? (
        <p className="muted" data-testid="no-quotes">No quotes yet. Set a price to practise: limit and stop orders fill when it reaches them.</p>
      ) : (
        <table className="table compact" data-testid="quotes">
          <thead><tr><th>Symbol</th><th className="num">Price</th><th className="num">Change today</th></tr></thead>
          <tbody>{quotes.map((q) => <QuoteRow key={q.symbol} symbol={q.symbol} price={q.price} open={q.open} />)}</tbody>
        </table>
      )}
      <form className="transfer-form" aria-label="Set price" onSubmit={submit}>
        <label>Symbol <input name="symbol" required placeholder="ACME" value={symbol} onChange={(e) => setSymbol(e.target.value)} /></label>
        <label>Price <input name="price" required inputMode="decimal" placeholder="50.00" value={price} onChange={(e) => setPrice(e.target.value)} /></label>
        <button type="submit" disabled={busy}>Set price</button>
      </form>
      {importing && <ImportPricesDialog onClose={() => setImporting(false)} />}
    </section>
  )
}
