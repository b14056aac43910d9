import type { PortfolioSummary } from '../../domain/trading/read-model/portfolio-summary.ts'
import { ChartButton } from './charts/ChartButton.tsx'
import { formatMoney, formatPnl, formatPrice } from './format.ts'
import { useTrading } from './store.ts'

function Figure({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className={`figure-value ${tone ?? ''}`} data-testid={testId}>{value}</div>
    </div>
  )
}

/** The PortfolioSummary read model: cash and what is reserved of it, value, P&L, loyalty, and the holdings. */
export function SummaryPanel({ summary }: { summary: PortfolioSummary }) {
  const realized = formatPnl(summary.realizedPnl)
  return (
    <section className="summary" aria-label="Portfolio summary">
      {summary.overdrawn && (
        <div className="banner warn overdrawn" role="alert" data-testid="overdrawn">
          Overdrawn: a fill cost more than the cash held (the market moved). Cash is {formatMoney(summary.cash)}; deposit funds to bring it back above zero.
        </div>
      )}
      <div className="figures">
        <Figure label="Cash" value={formatMoney(summary.cash)} testId="summary-cash" tone={summary.overdrawn ? 'loss' : undefined} />
        <Figure label="Reserved" value={formatMoney(summary.reservedCash)} testId="summary-reserved" />
        <Figure label="Available" value={formatMoney(summary.availableCash)} testId="summary-available" />
        <Figure label="Total value" value={formatMoney(summary.totalValue)} testId="summary-total" />
        <Figure label="Realized P&L" value={realized.text} testId="summary-realized" tone={realized.tone} />
        <div className="figure">
          <div className="figure-label">Loyalty level</div>
          <div className="figure-value" data-testid="summary-loyalty"><span className={`loyalty loyalty-${summary.loyaltyLevel}`}>{summary.loyaltyLevel}</span></div>
          <div className="muted figure-note" data-testid="summary-commission">next commission {formatMoney(summary.nextCommission)}</div>
        </div>
      </div>
      <h3>Holdings</h3>
      {summary.holdings.length === 0 ? (
        <p className="muted" data-testid="no-holdings">No shares held yet: place a buy order below.</p>
      ) : (
        <table className="table" data-testid="holdings">
          <thead>
            <tr><th>Symbol</th><th className="num">Quantity</th><th className="num">Reserved</th><th className="num">Average cost</th><th className="num">Price</th><th className="num">Market value</th><th className="num">Unrealized P&L</th><th /></tr>
          </thead>
          <tbody>
            {summary.holdings.map((h) => {
              const pnl = formatPnl(h.unrealizedPnl)
              return (
                <tr key={h.symbol} data-testid="holding-row">
                  <td><strong>{h.symbol}</strong></td>
                  <td className="num">{h.quantity}</td>
                  <td className="num">{h.reserved || '—'}</td>
                  <td className="num">{formatPrice(h.averageCost)}</td>
                  <td className="num">{formatPrice(h.price)}</td>
                  <td className="num">{formatMoney(h.marketValue)}</td>
                  <td className={`num ${pnl.tone}`}>{pnl.text}</td>
                  <td className="row-actions">
                    <ChartButton symbol={h.symbol} />
                    {h.quantity - h.reserved > 0 && (
                      <button className="small-button" aria-label={`Close position ${h.symbol}`} title="Fill the ticket with a market sell of every free share"
                        onClick={() => useTrading.getState().closePosition(h.symbol)}>Close</button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
