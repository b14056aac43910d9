import { CHURN_RISK_LEVELS, type ChurnRisk } from '../../domain/sales/stages.ts'
import { usePipeline } from './store.ts'

/** Customers with their churn risk, set by a control that sends FlagChurnRisk; a name opens the customer's page. */
export function CustomersView() {
  const customers = usePipeline((s) => s.customers)
  const opportunities = usePipeline((s) => s.opportunities)
  if (customers.length === 0) return <div className="empty-state"><h2>No customers yet</h2><p>Register one with “New customer”.</p></div>
  return (
    <table className="table" data-testid="customers">
      <thead><tr><th>Customer</th><th>Segment</th><th>Opportunities</th><th>Churn risk</th></tr></thead>
      <tbody>
        {customers.map((c) => (
          <tr key={c.customerId}>
            <td><button className="link" data-customer-link={c.customerId} onClick={() => usePipeline.getState().openCustomer(c.customerId)}>{c.name}</button></td>
            <td>{c.segment ?? '—'}</td>
            <td>{opportunities.filter((o) => o.customerId === c.customerId).length}</td>
            <td>
              <select aria-label={`Churn risk of ${c.name}`} className={`risk risk-${c.churnRisk}`} value={c.churnRisk}
                onChange={(e) => usePipeline.getState().setFlagging({ customerId: c.customerId, level: e.target.value as ChurnRisk })}>
                {CHURN_RISK_LEVELS.map((level) => <option key={level}>{level}</option>)}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
