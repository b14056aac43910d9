import { memo, useState, type FormEvent } from 'react'
import type { TransferRow } from '../../domain/trading/read-model/transfers.ts'
import { useWorkspace } from '../workspace/store.ts'
import { formatCurrency, formatWhen } from './format.ts'
import { useTrading, wireMode } from './store.ts'

function TransferForm({ kind }: { kind: 'deposit' | 'withdraw' }) {
  const [amount, setAmount] = useState('')
  const [account, setAccount] = useState('checking')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const trading = useTrading.getState()
    const ok = kind === 'deposit' ? await trading.deposit(amount, account) : await trading.withdraw(amount, account)
    setBusy(false)
    if (ok) setAmount('')
  }
  const title = kind === 'deposit' ? 'Deposit' : 'Withdraw'
  return (
    <form className="transfer-form" aria-label={title} onSubmit={submit}>
      <strong>{title}</strong>
      <label>Amount <input name="amount" required inputMode="decimal" placeholder="1000.00" value={amount} onChange={(e) => setAmount(e.target.value)} /></label>
      <label>{kind === 'deposit' ? 'From account' : 'To account'} <input name="account" required value={account} onChange={(e) => setAccount(e.target.value)} /></label>
      <button type="submit" disabled={busy}>{kind === 'deposit' ? 'Request funds' : 'Send funds'}</button>
    </form>
  )
}

/** In manual wire mode: the wire system's answer to a waiting transfer, given by a person. */
function WireAnswer({ transfer }: { transfer: TransferRow }) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('account closed')
  const trading = useTrading.getState()
  if (rejecting) {
    return (
      <form className="wire-answer" onSubmit={(e) => (e.preventDefault(), void trading.rejectTransfer(transfer.transferId, reason.trim() || 'rejected'))}>
        <input aria-label="Rejection reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="danger">Reject</button>
        <button type="button" className="ghost" aria-label="Keep waiting" onClick={() => setRejecting(false)}>×</button>
      </form>
    )
  }
  return (
    <div className="wire-answer">
      <button onClick={() => void trading.confirmTransfer(transfer.transferId)}>Confirm</button>
      <button onClick={() => setRejecting(true)}>Reject…</button>
    </div>
  )
}

const waiting = (t: TransferRow) => t.status === 'requested' || t.status === 'sent'

/** Deposits (RequestFunds) and withdrawals (the Portfolio's SendFunds), the Transfers read model, and the wire mode. */
export const TransfersPanel = memo(function TransfersPanel({ transfers }: { transfers: TransferRow[] }) {
  const mode = useWorkspace((s) => wireMode(s.info?.settings))
  return (
    <section className="transfers" aria-label="Transfers">
      <div className="section-head">
        <h3>Transfers</h3>
        <label className="wire-mode" title="Manual: the wire system waits for a person (the workshop's third party) to confirm or reject each transfer">
          Wire system
          <select aria-label="Wire mode" value={mode} onChange={(e) => void useTrading.getState().setWireMode(e.target.value as 'auto' | 'manual')}>
            <option value="auto">confirms at once</option>
            <option value="manual">waits for a person</option>
          </select>
        </label>
      </div>
      <div className="transfer-forms">
        <TransferForm kind="deposit" />
        <TransferForm kind="withdraw" />
      </div>
      {transfers.length === 0 ? (
        <p className="muted" data-testid="no-transfers">No transfers yet: deposit funds to start trading.</p>
      ) : (
        <table className="table" data-testid="transfers">
          <thead><tr><th>Requested</th><th>Direction</th><th className="num">Amount</th><th>Status</th><th>{transfers.some(waiting) ? 'Wire system' : ''}</th></tr></thead>
          <tbody>
            {transfers.map((t) => (
              <tr key={t.transferId} data-testid="transfer-row" data-status={t.status}>
                <td><time dateTime={t.requestedAt} data-testid="transfer-requested">{formatWhen(t.requestedAt)}</time></td>
                <td>{t.direction}</td>
                <td className="num">{formatCurrency(t.amount)}</td>
                <td><span className={`status status-${t.status}`} data-testid="transfer-status">{t.status}</span>{t.updatedAt !== t.requestedAt && <time className="muted when" dateTime={t.updatedAt}> {formatWhen(t.updatedAt)}</time>}{t.reason && <span className="muted"> ({t.reason})</span>}</td>
                {/* Waiting transfers are answered here; in auto mode only those started while the mode was manual wait. */}
                <td className="row-actions">{waiting(t) && <WireAnswer transfer={t} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
})
