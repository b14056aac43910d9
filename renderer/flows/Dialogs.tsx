import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useFocusTrap } from '../workspace/focus-trap.ts'

/** A modal form of the Flows screen: focus held inside, Esc or Cancel closes it, Enter submits. */
export function FlowDialog(props: { title: string; submit: string; danger?: boolean; onSubmit(): Promise<boolean>; onClose(): void; children?: ReactNode }) {
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLFormElement>(null)
  useFocusTrap(ref, props.onClose)
  const handle = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const ok = await props.onSubmit()
    setBusy(false)
    if (ok) props.onClose()
  }
  return (
    <div className="overlay" onClick={props.onClose}>
      <form ref={ref} className="dialog" role="dialog" aria-modal="true" aria-label={props.title} noValidate onClick={(e) => e.stopPropagation()} onSubmit={handle}>
        <h2>{props.title}</h2>
        {props.children}
        <div className="actions">
          <button type="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={busy} data-autofocus={props.danger ? true : undefined}>{props.submit}</button>
        </div>
      </form>
    </div>
  )
}

/** A dialog that asks one name (rename a flow, name a recording). */
export function NameDialog(props: { title: string; label: string; submit: string; initial: string; hint?: string; onSubmit(name: string): Promise<boolean>; onClose(): void }) {
  const [name, setName] = useState(props.initial)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    if (name.trim() === '') {
      setError(`${props.label} is required.`)
      return false
    }
    return props.onSubmit(name.trim())
  }
  return (
    <FlowDialog title={props.title} submit={props.submit} onSubmit={submit} onClose={props.onClose}>
      <label>{props.label}
        <input autoFocus value={name} aria-invalid={error !== null} onChange={(e) => { setName(e.target.value); setError(null) }} />
      </label>
      {props.hint && <p className="muted small">{props.hint}</p>}
      {error && <div className="field-error" role="alert">{error}</div>}
    </FlowDialog>
  )
}
