import { memo, useState, type FormEvent } from 'react'
import { formatPercent, formatPrice, formatPriceChange } from './format.ts'
import { useTrading } from './store.ts'
import { dayChange, useWatchList } from './watchlist.ts'

/** One watched symbol's row: rendered again only when its own price or open moved. */
const WatchRow = memo(function WatchRow({ symbol, price, open }: { symbol: string; price?: string; open?: string }) {
  const moved = price !== undefined ? dayChange(price, open) : null
  const tone = moved ? formatPriceChange(moved.change) : null
  return (
    <tr data-testid="watch-row">
      <td>{symbol}</td>
      <td className="num">{price !== undefined ? formatPrice(price) : '—'}</td>
      <td className={`num ${tone?.tone ?? ''}`}>{tone ? tone.text : '—'}</td>
      <td className={`num ${tone?.tone ?? ''}`}>{moved ? formatPercent(moved.percent) : '—'}</td>
      <td className="row-actions"><button className="ghost small-button" aria-label={`Stop watching ${symbol}`} onClick={() => useWatchList.getState().remove(symbol)}>×</button></td>
    </tr>
  )
})

/** The watch list: each watched symbol's last price and its change since the day's open, live with the pushed quotes. */
export function WatchList() {
  const symbols = useWatchList((s) => s.symbols)
  const quotes = useTrading((s) => s.quotes)
  const [symbol, setSymbol] = useState('')
  const add = (e: FormEvent) => {
    e.preventDefault()
    if (useWatchList.getState().add(symbol)) setSymbol('')
  }
  return (
    <section className="market watchlist" aria-label="Watch list">
      <h3>Watch list</h3>
      {symbols.length > 0 && (
        <table className="table compact" data-testid="watchlist">
          <thead><tr><th>Symbol</th><th className="num">Last</th><th className="num">Change</th><th className="num">%</th><th /></tr></thead>
          <tbody>
            {symbols.map((s) => {
              const quote = quotes.find((q) => q.symbol === s)
              return <WatchRow key={s} symbol={s} price={quote?.price} open={quote?.open} />
            })}
          </tbody>
        </table>
      )}
      <form className="transfer-form" aria-label="Watch a symbol" onSubmit={add}>
        <label>Symbol <input name="symbol" required placeholder="ACME" value={symbol} onChange={(e) => setSymbol(e.target.value)} /></label>
        <button type="submit">Watch</button>
      </form>
    </section>
  )
}
