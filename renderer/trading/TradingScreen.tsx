import { useEffect } from 'react'
import { PerformancePane } from './charts/PerformancePane.tsx'
import { MarketPanel } from './MarketPanel.tsx'
import { OrdersTable } from './OrdersTable.tsx'
import { OrderTicket } from './OrderTicket.tsx'
import { PortfolioList } from './PortfolioList.tsx'
import { downloadStatement } from './statement.ts'
import { useTrading, watchTrading } from './store.ts'
import { SummaryPanel } from './SummaryPanel.tsx'
import { TransfersPanel } from './TransfersPanel.tsx'
import { WatchList } from './WatchList.tsx'
import './trading.css'

/**
 * The trader's desk: portfolios on the left; the selected one's figures and holdings, with the order ticket
 * and the market always beside them; orders and transfers below.
 */
export function TradingScreen() {
  useEffect(() => watchTrading(), [])
  const { portfolios, learned, selected, summary, orders, transfers } = useTrading()
  const current = portfolios.find((p) => p.portfolioId === selected)

  return (
    <div className="screen trading">
      <PortfolioList />
      <div className="portfolio-main">
        {learned && portfolios.length === 0 ? (
          <div className="empty-state" data-testid="empty-trading">
            <h2>No portfolio yet</h2>
            <p>Open a portfolio, deposit funds through the wire system, then place market, limit and stop orders against the simulated market.</p>
            <div className="actions"><button className="primary" onClick={() => document.getElementById('open-portfolio-name')?.focus()}>Open a portfolio</button></div>
          </div>
        ) : current && summary ? (
          <>
            <header className="portfolio-head">
              <h2 data-testid="portfolio-title">{current.name}</h2>
              {current.owner && <span className="muted">owned by {current.owner}</span>}
              <span className={summary.status === 'open' ? 'badge' : 'badge warn'} data-testid="portfolio-status">{summary.status}</span>
              <span className="head-actions">
                <button className="small-button" onClick={() => downloadStatement(current.name, orders)} disabled={!orders.some((o) => o.status === 'fulfilled')}>Trade statement (CSV)</button>
                {summary.status === 'open' && (
                  <button className="small-button danger" title="ClosePortfolio: only an empty portfolio (no cash, no holdings, no open orders) can be closed"
                    onClick={() => void useTrading.getState().closePortfolio()}>Close portfolio</button>
                )}
              </span>
            </header>
            <div className="desk">
              <div className="desk-book">
                <SummaryPanel summary={summary} />
                <PerformancePane portfolioId={current.portfolioId} />
                <OrdersTable orders={orders} />
                <TransfersPanel transfers={transfers} />
              </div>
              <div className="desk-side">
                <OrderTicket commission={summary.nextCommission} />
                <WatchList />
                <MarketPanel />
              </div>
            </div>
          </>
        ) : (
          <p className="muted">{selected ? 'Loading the portfolio…' : 'Choose a portfolio.'}</p>
        )}
      </div>
    </div>
  )
}
