import { useEffect, useRef } from 'react'
import { SALES_STAGES, STAGE_LABELS, type SalesStage } from './moves.ts'
import { usePipeline } from './store.ts'

/**
 * "Move to…": the other stages as a menu, for the keyboard (↑/↓, Enter, Esc). A choice goes through the
 * same path as a drag (same rules, same messages); Lost asks for a reason first.
 */
export function MoveMenu({ opportunityId, stage }: { opportunityId: string; stage: SalesStage }) {
  const open = usePipeline((s) => s.moving)
  const menu = useRef<HTMLUListElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const targets = SALES_STAGES.filter((s) => s !== stage)

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [open])

  const close = () => {
    usePipeline.getState().setMoving(false)
    button.current?.focus()
  }
  const choose = (to: SalesStage) => {
    close()
    void usePipeline.getState().move(opportunityId, to)
  }
  return (
    <div className="move-menu">
      <button ref={button} aria-haspopup="menu" aria-expanded={open} onClick={() => usePipeline.getState().setMoving(!open)}>Move to…</button>
      {open && (
        <ul ref={menu} role="menu" aria-label="Move to" onKeyDown={(e) => {
          const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
          const at = items.indexOf(document.activeElement as HTMLElement)
          if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus()
          else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus()
          else if (e.key === 'Escape') {
            e.stopPropagation()
            close()
          } else return
          e.preventDefault()
        }}>
          {targets.map((to) => (
            <li key={to} role="menuitem" tabIndex={-1} onClick={() => choose(to)} onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                choose(to)
              }
            }}>
              {STAGE_LABELS[to]}{to === 'closed_lost' ? '…' : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
