import { useEffect } from 'react'
import { MarketPanel } from './MarketPanel.tsx'
import { OrdersTable } from './OrdersTable.tsx'
import { OrderTicket } from './OrderTicket.tsx'
import { PortfolioList } from './PortfolioList.tsx'
import { useTrading, watchTrading } from './store.ts'
import { SummaryPanel } from './SummaryPanel.tsx'
import { TransfersPanel } from './TransfersPanel.tsx'
import './trading.css'

/** The trader's practice book: portfolios, the selected one's summary and holdings, orders, transfers, market. */
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
              <span className={summary.status === 'open' ? 'badge' : 'badge warn'}>{summary.status}</span>
            </header>
            <SummaryPanel summary={summary} />
            <div className="trading-grid">
              <OrderTicket commission={summary.nextCommission} />
              <MarketPanel />
            </div>
            <OrdersTable orders={orders} />
            <TransfersPanel transfers={transfers} />
          </>
        ) : (
          <p className="muted">{selected ? 'Loading the portfolio…' : 'Choose a portfolio.'}</p>
        )}
      </div>
    </div>
  )
}
