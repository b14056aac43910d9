import { useVirtualizer } from '@tanstack/react-virtual'
import { AlertTriangle, CalendarClock, Clock } from 'lucide-react'
import { useRef, useState, type KeyboardEvent } from 'react'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { SALES_STAGES, STAGE_LABELS, type SalesStage } from './moves.ts'
import { staleDaysOf } from '../../domain/sales/stages.ts'
import { useWorkspace } from '../workspace/store.ts'
import { isOverdue } from './NextStep.tsx'
import { formatMoney, usePipeline, type StageTotals } from './store.ts'

const CARD_HEIGHT = 112
/** A flagged card has one line more: its at-risk badge with the amount, never cut off by a narrow column. */
const RISK_LINE = 22

function customerName(customerId: string): string {
  return usePipeline.getState().customers.find((c) => c.customerId === customerId)?.name ?? customerId
}

/** A card's keys: Enter opens its panel, m its "Move to…" menu, Shift+→/← moves it a stage on or back. */
function cardKey(e: KeyboardEvent<HTMLElement>, opportunityId: string, stage: SalesStage): void {
  const pipeline = usePipeline.getState()
  const at = SALES_STAGES.indexOf(stage)
  if (e.key === 'Enter') pipeline.select(opportunityId)
  else if (e.key === 'm' && !e.ctrlKey && !e.metaKey && !e.altKey) {
    pipeline.select(opportunityId)
    pipeline.setMoving(true)
  } else if (e.shiftKey && e.key === 'ArrowRight' && at < SALES_STAGES.length - 1) void pipeline.move(opportunityId, SALES_STAGES[at + 1])
  else if (e.shiftKey && e.key === 'ArrowLeft' && at > 0) void pipeline.move(opportunityId, SALES_STAGES[at - 1])
  else return
  e.preventDefault()
  e.stopPropagation()
}

/** One stage of the Kanban board: its totals and its cards (virtualized: thousands stay smooth). */
export function StageColumn({ stage, cards, totals }: { stage: SalesStage; cards: OpportunityRow[]; totals: StageTotals }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [over, setOver] = useState(false)
  const selected = usePipeline((s) => s.selected)
  const stale = usePipeline((s) => s.stale)
  const staleDays = useWorkspace((s) => staleDaysOf(s.info?.settings ?? {}))
  const virtual = useVirtualizer({ count: cards.length, getScrollElement: () => scroller.current, estimateSize: (i) => CARD_HEIGHT + (cards[i]?.flagged ? RISK_LINE : 0), overscan: 6 })

  return (
    <section
      className={`column stage-${stage}${over ? ' over' : ''}`}
      data-testid={`column-${stage}`}
      aria-label={STAGE_LABELS[stage]}
      onDragOver={(e) => {
        e.preventDefault()
        e.dataTransfer.dropEffect = 'move'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        const id = e.dataTransfer.getData('application/x-stormbook-opportunity') || e.dataTransfer.getData('text/plain')
        if (id) void usePipeline.getState().move(id, stage)
      }}
    >
      <header className="column-head">
        <div className="column-title">
          {STAGE_LABELS[stage]} <span className="count" data-testid="column-count">{totals.count}</span>
        </div>
        <div className="column-totals">
          <span title="Total amount" data-testid="column-amount">{formatMoney(totals.amount)}</span>
          <span className="muted" title="Weighted by the stage's probability" data-testid="column-weighted">weighted {formatMoney(totals.weightedAmount)}</span>
        </div>
      </header>
      <div className="column-body" ref={scroller}>
        {cards.length === 0 && <div className="column-empty">Drop a card here</div>}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const card = cards[item.index]
            return (
              <article
                key={card.opportunityId}
                className={`card${card.opportunityId === selected ? ' selected' : ''}${card.flagged ? ' flagged' : ''}`}
                data-testid="card"
                data-id={card.opportunityId}
                draggable
                tabIndex={0}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size - 8, transform: `translateY(${item.start}px)` }}
                onDragStart={(e) => {
                  e.dataTransfer.setData('application/x-stormbook-opportunity', card.opportunityId)
                  e.dataTransfer.setData('text/plain', card.opportunityId)
                  e.dataTransfer.effectAllowed = 'move'
                }}
                onClick={() => usePipeline.getState().select(card.opportunityId)}
                onKeyDown={(e) => cardKey(e, card.opportunityId, stage)}
              >
                <div className="card-name">{card.name}</div>
                <div className="card-amount">{formatMoney(card.amount)}
                  {stale.has(card.opportunityId) && <span className="badge stale" title={`No event for ${staleDays} days or more`}><Clock size={11} aria-hidden /> stale</span>}
                </div>
                {card.flagged && <div className="card-risk"><span className="badge danger" title="Revenue at risk: its customer's churn risk is high"><AlertTriangle size={11} aria-hidden /> at risk {formatMoney(card.amount)}</span></div>}
                <div className="card-meta muted">{customerName(card.customerId)} · {card.kind} · {card.salesOwner}</div>
                <div className="card-meta muted" data-testid="card-close">closes {card.closeDate}</div>
                {card.nextStep && (
                  <div className={`next-step${isOverdue(card) ? ' overdue' : ''}`} data-testid="card-next-step">
                    <CalendarClock size={12} aria-hidden /> {isOverdue(card) ? 'Overdue: ' : 'Next: '}{card.nextStep.text} · {card.nextStep.due}
                  </div>
                )}
              </article>
            )
          })}
        </div>
      </div>
    </section>
  )
}
