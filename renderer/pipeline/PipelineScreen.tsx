import { Building2, Download, Plus, Upload } from 'lucide-react'
import { lazy, Suspense, useMemo } from 'react'
import { money, sum } from '../../domain/kernel/money.ts'
import { OPPORTUNITY_KINDS } from '../../domain/sales/stages.ts'
import { useWorkspace } from '../workspace/store.ts'
import { loadSamplePipeline } from './actions.ts'
import { exportPipelineCsv } from './csv-export.ts'
import { CustomerPage } from './CustomerPage.tsx'
import { CustomersView } from './CustomersView.tsx'
import { SALES_STAGES } from './moves.ts'
import { NewCustomerForm, NewOpportunityForm } from './forms.tsx'
import { OpportunityDetail } from './OpportunityDetail.tsx'
import { PipelineTable } from './PipelineTable.tsx'
import { ChurnRiskDialog, LostDialog } from './reason-dialogs.tsx'
import './pipeline.css'
import { RevenueAtRiskView } from './RevenueAtRiskView.tsx'
import { StageColumn } from './StageColumn.tsx'
import { filtered, formatMoney, stageTotals, usePipeline } from './store.ts'

// The charting library loads with the Metrics tab, not with the board.
const CsvImportDialog = lazy(() => import('./CsvImportDialog.tsx').then((m) => ({ default: m.CsvImportDialog })))
const MetricsView = lazy(() => import('./MetricsView.tsx').then((m) => ({ default: m.MetricsView })))

const TAB_LABELS = { board: 'Board', customers: 'Customers', risk: 'Revenue at risk', metrics: 'Metrics' } as const

/** The sales rep's home: the Kanban board by stage, customers (and a customer's page), and revenue at risk. */
export function PipelineScreen() {
  const { loaded, opportunities, customers, filters, view, layout, form, selected, importing, losing, flagging, customerPage } = usePipeline()
  const settings = useWorkspace((s) => s.info?.settings)
  const me = useWorkspace((s) => s.actor)
  const shown = useMemo(() => filtered(opportunities, filters, undefined, me), [opportunities, filters, me])
  const totals = useMemo(() => stageTotals(shown, settings ?? {}), [shown, settings])
  const owners = useMemo(() => [...new Set(opportunities.map((o) => o.salesOwner))].sort(), [opportunities])
  const open = totals.filter((t) => t.stage !== 'closed_won' && t.stage !== 'closed_lost')
  const pipeline = usePipeline.getState()

  return (
    <div className={`screen pipeline${selected ? ' with-detail' : ''}`}>
      <div className="toolbar">
        <div className="tabs" role="tablist">
          {(['board', 'customers', 'risk', 'metrics'] as const).map((v) => (
            <button key={v} role="tab" aria-selected={view === v} className={view === v ? 'tab active' : 'tab'} onClick={() => pipeline.setView(v)}>
              {TAB_LABELS[v]}
            </button>
          ))}
        </div>
        <div className="spacer" />
        <button onClick={() => pipeline.setImporting(true)}><Upload size={14} aria-hidden />Import CSV</button>
        <button onClick={() => exportPipelineCsv()} disabled={opportunities.length === 0}><Download size={14} aria-hidden />Export CSV</button>
        <button onClick={() => pipeline.openForm('customer')}><Building2 size={14} aria-hidden />New customer</button>
        <button className="primary" onClick={() => pipeline.openForm('opportunity')}><Plus size={14} aria-hidden />New opportunity</button>
      </div>

      {customerPage && <CustomerPage key={customerPage.customerId} customerId={customerPage.customerId} />}
      {!customerPage && view === 'board' && (
        <>
          <div className="filters">
            <div className="tabs" role="group" aria-label="Layout">
              {(['board', 'table'] as const).map((l) => (
                <button key={l} aria-pressed={layout === l} className={layout === l ? 'tab active' : 'tab'} onClick={() => pipeline.setLayout(l)}>
                  {l === 'board' ? 'Kanban' : 'Table'}
                </button>
              ))}
            </div>
            <label title={`Deals owned by ${me} (your name in Settings)`}><input type="checkbox" checked={filters.mine} onChange={(e) => pipeline.setFilters({ mine: e.target.checked })} data-testid="filter-mine" /> My deals</label>
            <label>Owner <select value={filters.owner} onChange={(e) => pipeline.setFilters({ owner: e.target.value })} data-testid="filter-owner">
              <option value="">All</option>
              {owners.map((o) => <option key={o}>{o}</option>)}
            </select></label>
            <label>Kind <select value={filters.kind} onChange={(e) => pipeline.setFilters({ kind: e.target.value as typeof filters.kind })} data-testid="filter-kind">
              <option value="">All</option>
              {OPPORTUNITY_KINDS.map((k) => <option key={k}>{k}</option>)}
            </select></label>
            <label>Customer <select value={filters.customerId} onChange={(e) => pipeline.setFilters({ customerId: e.target.value })} data-testid="filter-customer">
              <option value="">All</option>
              {customers.map((c) => <option key={c.customerId} value={c.customerId}>{c.name}</option>)}
            </select></label>
            <label><input type="checkbox" checked={filters.thisQuarter} onChange={(e) => pipeline.setFilters({ thisQuarter: e.target.checked })} data-testid="filter-quarter" /> Closing this quarter</label>
            <label><input type="checkbox" checked={filters.due} onChange={(e) => pipeline.setFilters({ due: e.target.checked })} data-testid="filter-due" /> Due</label>
            <div className="spacer" />
            <div className="pipeline-total">
              Open pipeline <strong>{formatMoney(money(sum(open.map((t) => t.amount))))}</strong>
              <span className="muted" data-testid="pipeline-weighted"> · weighted {formatMoney(money(sum(open.map((t) => t.weightedAmount))))}</span>
            </div>
          </div>
          {loaded && opportunities.length === 0 ? (
            <div className="empty-state" data-testid="empty-pipeline">
              <h2>No opportunities yet</h2>
              <p>Register a customer and create an opportunity, or load the sample flows to see a pipeline at work.</p>
              <div className="actions">
                <button className="primary" onClick={() => void loadSamplePipeline()}>Load a sample pipeline</button>
                <button onClick={() => pipeline.openForm(customers.length ? 'opportunity' : 'customer')}>{customers.length ? 'New opportunity' : 'New customer'}</button>
              </div>
            </div>
          ) : layout === 'table' ? (
            <PipelineTable rows={shown} />
          ) : (
            <div className="board">
              {SALES_STAGES.map((stage, i) => (
                <StageColumn key={stage} stage={stage} totals={totals[i]} cards={shown.filter((o) => o.stage === stage)} />
              ))}
            </div>
          )}
        </>
      )}
      {!customerPage && view === 'customers' && <CustomersView />}
      {!customerPage && view === 'risk' && <RevenueAtRiskView />}
      {!customerPage && view === 'metrics' && <Suspense fallback={<div className="muted" role="status">Loading metrics…</div>}><MetricsView /></Suspense>}
      {importing && <Suspense fallback={<div className="overlay" role="status">Loading the importer…</div>}><CsvImportDialog /></Suspense>}
      {selected && <OpportunityDetail key={selected} opportunityId={selected} />}
      {form === 'customer' && <NewCustomerForm />}
      {form === 'opportunity' && <NewOpportunityForm />}
      {losing && <LostDialog key={`lost-${losing}`} opportunityId={losing} />}
      {flagging && <ChurnRiskDialog key={`flag-${flagging.customerId}`} customerId={flagging.customerId} level={flagging.level} />}
    </div>
  )
}
