import { countByStatus, type PreviewRow } from './csv-preview.ts'
import type { ImportKind } from './csv-import.ts'

const MAX_LISTED = 200

/** What importing a good row does, in words: "new", "unchanged", "amount 48,000.00 → 52,000.00". */
function outcome(row: Extract<PreviewRow, { ok: true }>): string {
  if (row.status === 'changed') return (row.changes ?? []).join('; ')
  return row.status
}

/** Who a row's customer is: the existing one it matched (by name), or the one it creates. */
function customerText(row: Extract<PreviewRow, { ok: true }>, kind: ImportKind): string {
  if (!row.customer) return ''
  if (kind === 'customers') return `matches ${row.customer.name}`
  return row.customer.matched ? row.customer.name : `${row.customer.name} (new customer)`
}

/**
 * The preview step of the CSV import: "N new, M unchanged, K changed", the option to create the companies
 * the workspace does not know (deals only), the rows that cannot be imported and why, and every good row
 * with the customer it matched and what importing it does.
 */
export function CsvImportPreview({ kind, preview, createCustomers, onCreateCustomers }: { kind: ImportKind; preview: PreviewRow[]; createCustomers: boolean; onCreateCustomers(on: boolean): void }) {
  const good = preview.flatMap((r) => (r.ok ? [r] : []))
  const bad = preview.flatMap((r) => (r.ok ? [] : [r]))
  const counts = countByStatus(preview)
  const unknown = new Set(bad.flatMap((r) => (r.problems.some((p) => p.code === 'UNKNOWN_CUSTOMER') ? [r] : [])).map((r) => r.line))
  const creating = new Set(good.flatMap((r) => (r.customer && !r.customer.matched ? [r.customer.name] : [])))
  return (
    <>
      <p data-testid="preview-summary">
        <strong>{counts.new}</strong> new, <strong>{counts.unchanged}</strong> unchanged, <strong>{counts.changed}</strong> changed
        {bad.length > 0 && <>; <strong>{bad.length}</strong> cannot be imported</>}.
      </p>
      {kind === 'opportunities' && (unknown.size > 0 || createCustomers) && (
        <label className="check">
          <input type="checkbox" checked={createCustomers} data-testid="create-customers" onChange={(e) => onCreateCustomers(e.target.checked)} />
          Create the customers this workspace does not have{createCustomers ? ` (${creating.size})` : ` (${unknown.size} ${unknown.size === 1 ? 'row names one' : 'rows name one'})`}
        </label>
      )}
      {bad.length > 0 && (
        <div className="scroll-box" tabIndex={0} role="region" aria-label="Rows that cannot be imported">
          <table className="table" data-testid="bad-rows">
            <thead><tr><th className="num">Line</th><th>Row</th><th>Why</th></tr></thead>
            <tbody>
              {bad.slice(0, MAX_LISTED).map((r) => (
                <tr key={r.line} data-testid="bad-row">
                  <td className="num">{r.line}</td>
                  <td>{r.label}</td>
                  <td>{r.problems.map((p) => <div key={p.code + p.message}>{p.message} <code className="code">{p.code}</code></div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {bad.length > MAX_LISTED && <p className="muted">…and {bad.length - MAX_LISTED} more.</p>}
        </div>
      )}
      {good.length > 0 && (
        <div className="scroll-box" tabIndex={0} role="region" aria-label="Rows to import">
          <table className="table" data-testid="good-rows">
            <thead><tr><th className="num">Line</th><th>Row</th><th>Customer</th><th>On import</th></tr></thead>
            <tbody>
              {good.slice(0, MAX_LISTED).map((r) => (
                <tr key={r.line} data-testid="good-row" data-status={r.status}>
                  <td className="num">{r.line}</td>
                  <td>{r.label}</td>
                  <td>{customerText(r, kind)}</td>
                  <td>{outcome(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {good.length > MAX_LISTED && <p className="muted">…and {good.length - MAX_LISTED} more.</p>}
        </div>
      )}
      {good.length > 0 && counts.new + counts.changed === 0 && <p className="muted" data-testid="nothing-to-import">Nothing to import: every row is already in this workspace.</p>}
    </>
  )
}
