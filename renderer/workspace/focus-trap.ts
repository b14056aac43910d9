import { useEffect, useRef, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** The elements Tab stops at inside `root`, in document order. */
function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement)
}

/**
 * Keeps the keyboard inside a dialog while it is open: focus moves in when it opens (its `autofocus`
 * field, else its first control), Tab and Shift+Tab cycle inside it, Esc calls `onEscape` (and goes no
 * further: the panel behind stays open), and focus goes back where it was when the dialog closes.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onEscape?: () => void): void {
  // Where focus was when the dialog first rendered (before an autoFocus field inside took it).
  const opener = useRef<HTMLElement | null | undefined>(undefined)
  if (opener.current === undefined) opener.current = document.activeElement as HTMLElement | null
  useEffect(() => {
    const root = ref.current
    if (!root) return
    const before = opener.current
    const first = root.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? focusables(root)[0] ?? root
    first.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && onEscape) {
        event.preventDefault()
        event.stopPropagation()
        onEscape()
        return
      }
      if (event.key !== 'Tab') return
      const list = focusables(root)
      if (list.length === 0) return
      const at = list.indexOf(document.activeElement as HTMLElement)
      const next = event.shiftKey ? (at <= 0 ? list.length - 1 : at - 1) : at === list.length - 1 ? 0 : at + 1
      event.preventDefault()
      list[next].focus()
    }
    root.addEventListener('keydown', onKey)
    return () => {
      root.removeEventListener('keydown', onKey)
      // Back where the person was, if that element is still on the page.
      if (before && document.contains(before)) before.focus()
    }
  }, [ref])
}
