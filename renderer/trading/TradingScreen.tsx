import { useApp } from '../app/store.ts'

/** The trading practice book: its screens come with the trading UI; the flows already run it. */
export function TradingScreen() {
  return (
    <div className="screen empty-state">
      <h2>Trading practice book</h2>
      <p>The portfolio, broker and wire-transfer screens are not built yet. The trading sample flows run today from the Flows screen.</p>
      <div className="actions"><button onClick={() => useApp.getState().go('flows')}>Open Flows</button></div>
    </div>
  )
}
