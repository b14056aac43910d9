import { useState, type FormEvent } from 'react'
import { useTrading } from './store.ts'

/** The portfolios of this workspace (the Portfolios query), and the form that opens another. */
export function PortfolioList() {
  const portfolios = useTrading((s) => s.portfolios)
  const selected = useTrading((s) => s.selected)
  return (
    <aside className="portfolio-list" aria-label="Portfolios">
      <h3>Portfolios</h3>
      <ul>
        {portfolios.map((p) => (
          <li key={p.portfolioId}>
            <button className={p.portfolioId === selected ? 'portfolio-item active' : 'portfolio-item'} aria-current={p.portfolioId === selected ? 'true' : undefined}
              data-testid="portfolio-item" onClick={() => useTrading.getState().select(p.portfolioId)}>
              <span className="portfolio-name">{p.name}</span>
              {p.status === 'closed' && <span className="badge">closed</span>}
              {p.owner && <span className="muted portfolio-owner">{p.owner}</span>}
            </button>
          </li>
        ))}
        {portfolios.length === 0 && <li className="muted">None yet.</li>}
      </ul>
      <OpenPortfolioForm />
    </aside>
  )
}

/** OpenPortfolio: the id is made here (a UUID), the name and owner by the trader. */
export function OpenPortfolioForm() {
  const [name, setName] = useState('')
  const [owner, setOwner] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const ok = await useTrading.getState().openPortfolio(name, owner)
    setBusy(false)
    if (ok) {
      setName('')
      setOwner('')
    }
  }
  return (
    <form className="trading-form" aria-label="Open portfolio" onSubmit={submit}>
      <h3>Open portfolio</h3>
      <label>Name <input id="open-portfolio-name" name="name" required value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>Owner <input name="owner" placeholder="optional" value={owner} onChange={(e) => setOwner(e.target.value)} /></label>
      <button type="submit" className="primary" disabled={busy}>Open portfolio</button>
    </form>
  )
}
