import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { STAGE_LABELS } from './moves.ts'
import { formatMoney, usePipeline } from './store.ts'
import { nextSort, sortOpportunities, type Sort, type SortKey } from './table-sort.ts'

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'Opportunity' },
  { key: 'customer', label: 'Customer' },
  { key: 'stage', label: 'Stage' },
  { key: 'kind', label: 'Kind' },
  { key: 'amount', label: 'Amount', numeric: true },
  { key: 'closeDate', label: 'Close date' },
  { key: 'salesOwner', label: 'Owner' },
]
const ROW_HEIGHT = 37

/** The pipeline as one table, sorted by a click (or Enter/Space) on a header; rows virtualized. */
export function PipelineTable({ rows }: { rows: OpportunityRow[] }) {
  const customers = usePipeline((s) => s.customers)
  const selected = usePipeline((s) => s.selected)
  const [sort, setSort] = useState<Sort>({ key: 'closeDate', direction: 'asc' })
  const names = useMemo(() => new Map(customers.map((c) => [c.customerId, c.name])), [customers])
  const sorted = useMemo(() => sortOpportunities(rows, sort, (id) => names.get(id) ?? id), [rows, sort, names])
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 })
  const items = virtual.getVirtualItems()
  const top = items[0]?.start ?? 0
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0)

  return (
    <div className="table-scroll" ref={scroller}>
      <table className="table pipeline-table" data-testid="pipeline-table" aria-rowcount={sorted.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button className="sort" onClick={() => setSort((s) => nextSort(s, c.key))}>
                  {c.label} {sort.key === c.key ? (sort.direction === 'asc' ? <ArrowUp size={12} aria-hidden /> : <ArrowDown size={12} aria-hidden />) : <ArrowUpDown size={12} aria-hidden />}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const o = sorted[item.index]
            return (
              <tr key={o.opportunityId} data-testid="table-row" className={o.opportunityId === selected ? 'selected' : undefined} tabIndex={0} style={{ height: ROW_HEIGHT }}
                onClick={() => usePipeline.getState().select(o.opportunityId)} onKeyDown={(e) => e.key === 'Enter' && usePipeline.getState().select(o.opportunityId)}>
                <td>{o.name}{o.flagged && <span className="badge danger">at risk</span>}</td>
                <td>{names.get(o.customerId) ?? o.customerId}</td>
                <td>{STAGE_LABELS[o.stage]}</td>
                <td>{o.kind}</td>
                <td className="num">{formatMoney(o.amount)}</td>
                <td>{o.closeDate}</td>
                <td>{o.salesOwner}</td>
              </tr>
            )
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  )
}
