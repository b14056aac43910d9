import type { Action } from '../app/actions.ts'
import { useApp } from '../app/store.ts'
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
    useApp.getState().go('trading')
    focusSoon(selector)
  }
  const trading = useTrading.getState()
  return [
    { id: 'open-portfolio', label: 'Open portfolio (OpenPortfolio)', group: 'Commands', run: onTrading('#open-portfolio-name') },
    { id: 'place-order', label: 'Place an order (PlaceOrder)', group: 'Commands', run: onTrading('form[aria-label="Order ticket"] input[name="symbol"]') },
    { id: 'deposit', label: 'Deposit funds (RequestFunds)', group: 'Commands', run: onTrading('form[aria-label="Deposit"] input[name="amount"]') },
    { id: 'withdraw', label: 'Withdraw funds (SendFunds)', group: 'Commands', run: onTrading('form[aria-label="Withdraw"] input[name="amount"]') },
    ...trading.portfolios.map((p): Action => ({
      id: `portfolio-${p.portfolioId}`, label: `Portfolio: ${p.name}`, group: 'Screens',
      run: () => {
        useApp.getState().go('trading')
        useTrading.getState().select(p.portfolioId)
      },
    })),
  ]
}
