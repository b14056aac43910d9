import { formatMoney, usePipeline } from './store.ts'

/** The RevenueAtRisk read model: flagged expansion deals of high-risk customers, with totals. */
export function RevenueAtRiskView() {
  const risk = usePipeline((s) => s.revenueAtRisk)
  return (
    <div className="risk-view" data-testid="revenue-at-risk">
      <div className="risk-total">Revenue at risk <strong data-testid="risk-total">{formatMoney(risk.total)}</strong></div>
      {risk.customers.length === 0 ? (
        <div className="empty-state"><p>Nothing at risk: no high-risk customer has an open expansion opportunity.</p></div>
      ) : (
        <table className="table">
          <thead><tr><th>Customer</th><th>Opportunity</th><th>Close date</th><th className="num">Amount</th></tr></thead>
          <tbody>
            {risk.customers.flatMap((c) => [
              <tr key={c.customerId} className="group-row"><td><button className="link" data-customer-link={c.customerId} onClick={() => usePipeline.getState().openCustomer(c.customerId)}>{c.name}</button> <span className="badge danger">{c.churnRisk}</span></td><td /><td /><td className="num">{formatMoney(c.amount)}</td></tr>,
              ...c.opportunities.map((o) => (
                <tr key={o.opportunityId}>
                  <td /><td><button className="link" onClick={() => usePipeline.getState().select(o.opportunityId)}>{o.name}</button></td><td>{o.closeDate}</td><td className="num">{formatMoney(o.amount)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
    </div>
  )
}
