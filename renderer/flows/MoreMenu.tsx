import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react'

/**
 * A small menu behind a "More" button: opens on click (or Enter/Space), Esc closes it and gives focus back
 * to the button, and it closes when focus leaves it or an item is chosen.
 */
export function MoreMenu({ label, text = 'More ▾', children }: { label: string; text?: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const close = () => setOpen(false)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return
    event.stopPropagation()
    close()
    button.current?.focus()
  }
  return (
    <div className="flow-more" onKeyDown={onKeyDown} onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && close()}>
      <button ref={button} type="button" aria-label={label} aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>{text}</button>
      {open && <div className="flow-more-menu" role="group" aria-label={label}>{children(close)}</div>}
    </div>
  )
}
