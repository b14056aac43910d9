import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

/** The engine's messages under a field, tied to it for screen readers. */
function Errors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null
  return <div id={id} className="field-error" data-testid="field-error">{errors.join(' ')}</div>
}

/** A labelled control with the engine's messages at it (`render` draws the control with its id and aria). */
export function Labelled(props: { label: string; hint?: string; errors: readonly string[]; className?: string; children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId()
  const errorId = `${id}-error`
  const invalid = props.errors.length > 0
  return (
    <div className={`flow-field${invalid ? ' invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={id}>{props.label}{props.hint && <span className="muted small"> · {props.hint}</span>}</label>
      {props.children({ id, 'aria-invalid': invalid, ...(invalid ? { 'aria-describedby': errorId } : {}) })}
      <Errors id={errorId} errors={props.errors} />
    </div>
  )
}

/**
 * A text field that keeps what the person typed ("12,000.50") while the flow holds what it means
 * ("12000.50"); it shows the flow's value again when that changes while the field is not being typed in.
 */
export function TextField(props: { label: string; hint?: string; value: string; errors: readonly string[]; onChange(text: string): void; readOnly?: boolean; placeholder?: string; multiline?: boolean; list?: string; inputMode?: 'decimal' | 'numeric' | 'text' }) {
  const [text, setText] = useState(props.value)
  const control = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  useEffect(() => {
    // While the person types here, their text stands; a change from elsewhere (a load, a spec) is shown.
    if (document.activeElement !== control.current) setText(props.value)
  }, [props.value])
  const change = (next: string) => {
    setText(next)
    props.onChange(next)
  }
  return (
    <Labelled label={props.label} hint={props.hint} errors={props.errors}>
      {(aria) =>
        props.multiline ? (
          <textarea ref={control} {...aria} value={text} readOnly={props.readOnly} rows={Math.min(8, Math.max(2, text.split('\n').length))} placeholder={props.placeholder} onChange={(e) => change(e.target.value)} />
        ) : (
          <input ref={control} {...aria} value={text} readOnly={props.readOnly} placeholder={props.placeholder} list={props.list} inputMode={props.inputMode} onChange={(e) => change(e.target.value)} />
        )
      }
    </Labelled>
  )
}

/** A choice among options (an enum field, the command picker, the wire). */
export function SelectField(props: { label: string; value: string; errors: readonly string[]; onChange(value: string): void; disabled?: boolean; children: ReactNode }) {
  return (
    <Labelled label={props.label} errors={props.errors}>
      {(aria) => <select {...aria} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>{props.children}</select>}
    </Labelled>
  )
}

/** A yes/no field. */
export function CheckField(props: { label: string; checked: boolean; errors: readonly string[]; onChange(checked: boolean): void; disabled?: boolean }) {
  return (
    <Labelled label={props.label} errors={props.errors} className="check">
      {(aria) => <input type="checkbox" {...aria} checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} />}
    </Labelled>
  )
}
