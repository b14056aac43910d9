import { X } from 'lucide-react'
import { useToasts } from '../workspace/toasts.ts'

/** Rejections and notices, in words with their code; never a stack trace. */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts)
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <div className="toast-text">
            {t.message}
            {t.code && <code className="code" data-testid="toast-code">{t.code}</code>}
          </div>
          <button className="ghost small" aria-label="Dismiss" onClick={() => useToasts.getState().dismiss(t.id)}><X size={14} aria-hidden /></button>
        </div>
      ))}
    </div>
  )
}
