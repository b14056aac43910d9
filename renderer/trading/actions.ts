import type { Action } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { useTrading } from './store.ts'

/**
 * Focuses a field of the trading screen once it is drawn: the palette may have just switched to it, and
 * the screen's code loads when first shown. Gives up after a few seconds.
 */
function focusSoon(selector: string, until = performance.now() + 5000): void {
  const el = document.querySelector<HTMLElement>(selector)
  if (el) el.focus()
  else if (performance.now() < until) requestAnimationFrame(() => focusSoon(selector, until))
}

/** The trader's entries of the command palette: the forms of the trading screen, and each known portfolio. */
export function tradingActions(): Action[] {
  const onTrading = (selector: string) => () => {
    useWorkspace.getState().go('trading')
    focusSoon(selector)
  }
  const trading = useTrading.getState()
  return [
    { id: 'open-portfolio', rank: 40, label: 'Open portfolio (OpenPortfolio)', group: 'Commands', run: onTrading('#open-portfolio-name') },
    { id: 'place-order', rank: 40, label: 'Place an order (PlaceOrder)', group: 'Commands', run: onTrading('form[aria-label="Order ticket"] input[name="symbol"]') },
    { id: 'deposit', rank: 40, label: 'Deposit funds (RequestFunds)', group: 'Commands', run: onTrading('form[aria-label="Deposit"] input[name="amount"]') },
    { id: 'withdraw', rank: 40, label: 'Withdraw funds (SendFunds)', group: 'Commands', run: onTrading('form[aria-label="Withdraw"] input[name="amount"]') },
    ...trading.portfolios.filter((p) => p.status === 'open').map((p): Action => ({
      id: `close-portfolio-${p.portfolioId}`, label: `Close portfolio: ${p.name} (ClosePortfolio)`, group: 'Commands', rank: 40,
      run: () => {
        useWorkspace.getState().go('trading')
        const trading = useTrading.getState()
        if (trading.selected !== p.portfolioId) trading.select(p.portfolioId)
        void trading.closePortfolio()
      },
    })),
    ...trading.portfolios.map((p): Action => ({
      id: `portfolio-${p.portfolioId}`, label: `Portfolio: ${p.name}`, group: 'Screens', rank: 40,
      run: () => {
        useWorkspace.getState().go('trading')
        useTrading.getState().select(p.portfolioId)
      },
    })),
  ]
}
