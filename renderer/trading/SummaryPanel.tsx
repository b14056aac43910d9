import { memo } from 'react'
import type { PortfolioSummary } from '../../domain/trading/read-model/portfolio-summary.ts'
import { ChartButton } from './charts/ChartButton.tsx'
import { formatCurrency, formatPnl, formatPrice } from './format.ts'
import { useTrading } from './store.ts'

type Holding = PortfolioSummary['holdings'][number]

function Figure({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className={`figure-value ${tone ?? ''}`} data-testid={testId}>{value}</div>
    </div>
  )
}

/** The PortfolioSummary read model's figures: cash and what is reserved of it, value, P&L, loyalty. */
export function SummaryFigures({ summary }: { summary: PortfolioSummary }) {
  const realized = formatPnl(summary.realizedPnl)
  return (
    <section className="summary" aria-label="Portfolio summary">
      {summary.overdrawn && (
        <div className="banner warn overdrawn" role="alert" data-testid="overdrawn">
          Overdrawn: a fill cost more than the cash held (the market moved). Cash is {formatCurrency(summary.cash)}; deposit funds to bring it back above zero.
        </div>
      )}
      <div className="figures">
        <Figure label="Cash" value={formatCurrency(summary.cash)} testId="summary-cash" tone={summary.overdrawn ? 'loss' : undefined} />
        <Figure label="Reserved" value={formatCurrency(summary.reservedCash)} testId="summary-reserved" />
        <Figure label="Available" value={formatCurrency(summary.availableCash)} testId="summary-available" />
        <Figure label="Total value" value={formatCurrency(summary.totalValue)} testId="summary-total" />
        <Figure label="Realized P&L" value={realized.text} testId="summary-realized" tone={realized.tone} />
        <div className="figure">
          <div className="figure-label">Loyalty level</div>
          <div className="figure-value" data-testid="summary-loyalty"><span className={`loyalty loyalty-${summary.loyaltyLevel}`}>{summary.loyaltyLevel}</span></div>
          <div className="muted figure-note" data-testid="summary-commission">next commission {formatCurrency(summary.nextCommission)}</div>
        </div>
      </div>
    </section>
  )
}

/** One holding's row: rendered again only when its own figures changed (a tick re-renders only what moved). */
const HoldingRow = memo(function HoldingRow({ holding: h }: { holding: Holding }) {
  const pnl = formatPnl(h.unrealizedPnl)
  return (
    <tr data-testid="holding-row">
      <td><strong>{h.symbol}</strong></td>
      <td className="num">{h.quantity}</td>
      <td className="num">{h.reserved || '—'}</td>
      <td className="num">{formatPrice(h.averageCost)}</td>
      <td className="num">{formatPrice(h.price)}</td>
      <td className="num">{formatCurrency(h.marketValue)}</td>
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
}, (a, b) => JSON.stringify(a.holding) === JSON.stringify(b.holding))

/** The holdings of the PortfolioSummary read model, each with a Close that prefills a sell ticket. */
export function HoldingsTable({ holdings }: { holdings: PortfolioSummary['holdings'] }) {
  return (
    <section aria-label="Positions">
      {holdings.length === 0 ? (
        <p className="muted" data-testid="no-holdings">No shares held yet: place a buy order with the ticket.</p>
      ) : (
        <table className="table" data-testid="holdings">
          <thead>
            <tr><th>Symbol</th><th className="num">Quantity</th><th className="num">Reserved</th><th className="num">Average cost</th><th className="num">Price</th><th className="num">Market value</th><th className="num">Unrealized P&L</th><th /></tr>
          </thead>
          <tbody>{holdings.map((h) => <HoldingRow key={h.symbol} holding={h} />)}</tbody>
        </table>
      )}
    </section>
  )
}
