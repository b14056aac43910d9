import { useRef, useState } from 'react'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { usePipeline } from './store.ts'

/** The fields of an opportunity a rep edits in place (UpdateOpportunity's). */
export type EditableField = 'name' | 'amount' | 'closeDate' | 'salesOwner'

/**
 * One field of the detail panel, edited in place: Enter (or leaving the field) sends one UpdateOpportunity,
 * Esc cancels; a refused edit shows the rule with its code and the field shows the value the engine kept.
 */
export function InlineField({ opportunityId, field, label, value, display, closed }: { opportunityId: string; field: EditableField; label: string; value: string; display?: string; closed?: boolean }) {
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<CodedError | null>(null)
  const [busy, setBusy] = useState(false)
  // Enter, then the blur of the closing input, must send once; Esc must send nothing.
  const settled = useRef(false)

  const save = async () => {
    if (draft === null || settled.current) return
    settled.current = true
    const next = draft.trim()
    if (next === value) {
      setDraft(null)
      return
    }
    setBusy(true)
    const refused = await usePipeline.getState().edit(opportunityId, field, next)
    setBusy(false)
    setError(refused)
    setDraft(null)
  }

  if (closed) {
    return (
      <>
        <dt>{label}</dt>
        <dd data-testid={`field-${field}`} title="A closed opportunity is not edited: reopen it first">{display ?? value}</dd>
      </>
    )
  }
  return (
    <>
      <dt>{label}</dt>
      <dd className="inline-field">
        {draft === null ? (
          <button className="inline-value" data-testid={`field-${field}`} aria-label={`${label}: ${display ?? value}. Edit`} title="Click to edit" onClick={() => {
            setError(null)
            settled.current = false
            setDraft(value)
          }}>
            {display ?? value}
          </button>
        ) : (
          <input
            autoFocus
            aria-label={label}
            data-testid={`edit-${field}`}
            type={field === 'closeDate' ? 'date' : 'text'}
            inputMode={field === 'amount' ? 'decimal' : undefined}
            value={draft}
            disabled={busy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => void save()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                void save()
              } else if (e.key === 'Escape') {
                e.preventDefault()
                e.stopPropagation()
                settled.current = true
                setDraft(null)
              }
            }}
          />
        )}
        {error && (
          <div className="field-error" role="alert" data-testid="field-error">
            {error.message} <code className="code">{error.code}</code>
          </div>
        )}
      </dd>
    </>
  )
}
