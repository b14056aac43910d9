import { useEffect, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { DeskPane } from './DeskTabs.tsx'
import { DeskTabs } from './DeskTabs.tsx'
import { PerformancePane } from './charts/PerformancePane.tsx'
import { MarketPanel } from './MarketPanel.tsx'
import { OrdersTable } from './OrdersTable.tsx'
import { OrderTicket } from './OrderTicket.tsx'
import { PortfolioList } from './PortfolioList.tsx'
import { downloadStatement } from './statement.ts'
import { useTrading, watchTrading } from './store.ts'
import { HoldingsTable, SummaryFigures } from './SummaryPanel.tsx'
import { TransfersPanel } from './TransfersPanel.tsx'
import { WatchList } from './WatchList.tsx'
import './trading.css'

/** The Performance pane (charts of prices and of the portfolio's value over time); none yet: no tab. */
const performancePane: (() => ReactNode) | null = () => <Performance />

/** The charts of the selected portfolio: value over time, P&L and a price chart per symbol. */
function Performance() {
  const portfolioId = useTrading((s) => s.selected)
  return portfolioId ? <PerformancePane portfolioId={portfolioId} /> : null
}

/** The desk's panes, in tab order; the Performance tab shows when its pane exists. */
function deskPanes(counts: { holdings: number; orders: number; transfers: number }): DeskPane[] {
  const panes: Array<DeskPane | null> = [
    { id: 'positions', label: 'Positions', count: counts.holdings, render: () => <Positions /> },
    { id: 'orders', label: 'Orders', count: counts.orders, render: () => <Orders /> },
    { id: 'transfers', label: 'Transfers', count: counts.transfers, render: () => <Transfers /> },
    { id: 'market', label: 'Market', render: () => <MarketPanel /> },
    performancePane && { id: 'performance', label: 'Performance', render: performancePane },
  ]
  return panes.filter((p): p is DeskPane => p !== null)
}

function Figures() {
  const summary = useTrading((s) => s.summary)
  return summary && <SummaryFigures summary={summary} />
}

function Positions() {
  const holdings = useTrading((s) => s.summary?.holdings ?? [])
  return <HoldingsTable holdings={holdings} />
}

function Orders() {
  const orders = useTrading((s) => s.orders)
  return <OrdersTable orders={orders} />
}

function Transfers() {
  const transfers = useTrading((s) => s.transfers)
  return <TransfersPanel transfers={transfers} />
}

/**
 * The trader's desk, made to fit 1440×900 without scrolling: portfolios on the left; the selected one's
 * figures across the top; positions, orders, transfers, market and performance as tabs; the order ticket
 * and the watch list always in view on the right. Each part reads only the state it shows, so a tick of
 * the market re-renders the quotes and the figures, not the whole desk.
 */
export function TradingScreen() {
  useEffect(() => watchTrading(), [])
  const { learned, empty, selected, pane } = useTrading(useShallow((s) => ({ learned: s.learned, empty: s.portfolios.length === 0, selected: s.selected, pane: s.pane })))
  const current = useTrading((s) => s.portfolios.find((p) => p.portfolioId === s.selected))
  const { status, commission } = useTrading(useShallow((s) => ({ status: s.summary?.status, commission: s.summary?.nextCommission })))
  const counts = useTrading(useShallow((s) => ({ holdings: s.summary?.holdings.length ?? 0, orders: s.orders.length, transfers: s.transfers.length })))
  const filled = useTrading((s) => s.orders.some((o) => o.status === 'fulfilled'))

  return (
    <div className="screen trading">
      <PortfolioList />
      <div className="portfolio-main">
        {learned && empty ? (
          <div className="empty-state" data-testid="empty-trading">
            <h2>No portfolio yet</h2>
            <p>Open a portfolio, deposit funds through the wire system, then place market, limit and stop orders against the simulated market.</p>
            <div className="actions"><button className="primary" onClick={() => document.getElementById('open-portfolio-name')?.focus()}>Open a portfolio</button></div>
          </div>
        ) : current && status && commission !== undefined ? (
          <>
            <header className="portfolio-head">
              <h2 data-testid="portfolio-title">{current.name}</h2>
              {current.owner && <span className="muted">owned by {current.owner}</span>}
              <span className={status === 'open' ? 'badge' : 'badge warn'} data-testid="portfolio-status">{status}</span>
              <span className="head-actions">
                <button className="small-button" onClick={() => downloadStatement(current.name, useTrading.getState().orders)} disabled={!filled}>Trade statement (CSV)</button>
                {status === 'open' && (
                  <button className="small-button danger" title="ClosePortfolio: only an empty portfolio (no cash, no holdings, no open orders) can be closed"
                    onClick={() => void useTrading.getState().closePortfolio()}>Close portfolio</button>
                )}
              </span>
            </header>
            <Figures />
            <div className="desk">
              <div className="desk-book">
                <DeskTabs panes={deskPanes(counts)} current={pane} onSelect={(id) => useTrading.getState().showPane(id)} />
              </div>
              <div className="desk-side">
                <OrderTicket commission={commission} />
                <WatchList />
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
