import { runFlow } from '../workspace/host.ts'
import type { Action, Shortcut } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { exportPipelineCsv } from './csv-export.ts'
import { SALES_STAGES, STAGE_LABELS } from './moves.ts'
import { usePipeline, type PipelineView } from './store.ts'
import { isOpen } from '../../domain/sales/stages.ts'

/** Runs the sales sample flows into the open workspace: the empty state's "Load a sample pipeline". */
export async function loadSamplePipeline(): Promise<void> {
  for (const file of ['sales-funnel.flow.json', 'revenue-at-risk.flow.json', 'contract-accepted-wins-the-deal.flow.json']) {
    const result = await runFlow(file)
    if (!result.ok) {
      reject(result.error)
      return
    }
  }
  // The board refreshes on the flows' pushed events.
  toast({ kind: 'info', message: 'Sample pipeline loaded.' })
}

/** The rep's entries of the command palette: the pipeline's views, its commands, and the selected deal's stage commands. */
export function pipelineActions(): Action[] {
  const pipeline = usePipeline.getState()
  const onBoard = (view: PipelineView, form: 'customer' | 'opportunity' | null = null) => {
    useWorkspace.getState().go('pipeline')
    // A form opened on a customer's page stays on it (a new deal is for that customer).
    if (!(form && pipeline.customerPage)) pipeline.setView(view)
    pipeline.openForm(form)
  }
  const list: Action[] = [
    { id: 'customers', label: 'Customers and churn risk', group: 'Screens', rank: 10, run: () => onBoard('customers') },
    { id: 'risk', label: 'Revenue at risk', group: 'Screens', rank: 10, run: () => onBoard('risk') },
    { id: 'metrics', label: 'Sales metrics', group: 'Screens', rank: 10, run: () => onBoard('metrics') },
    { id: 'table', label: 'Pipeline as a table', group: 'Screens', rank: 10, run: () => (onBoard('board'), pipeline.setLayout('table')) },
    { id: 'kanban', label: 'Pipeline as a board', group: 'Screens', rank: 10, run: () => (onBoard('board'), pipeline.setLayout('board')) },
    { id: 'import', label: 'Import customers or opportunities from CSV', group: 'Commands', rank: 30, run: () => (useWorkspace.getState().go('pipeline'), pipeline.setImporting(true)) },
    { id: 'export', label: 'Export the pipeline as CSV', group: 'Commands', rank: 30, run: () => exportPipelineCsv() },
    { id: 'new-customer', label: 'New customer (RegisterCustomer)', group: 'Commands', keys: 'c', rank: 30, run: () => onBoard('board', 'customer') },
    { id: 'new-opportunity', label: 'New opportunity (CreateOpportunity)', group: 'Commands', keys: 'n', rank: 30, run: () => onBoard('board', 'opportunity') },
    { id: 'sample', label: 'Load a sample pipeline', group: 'Commands', rank: 30, run: () => loadSamplePipeline() },
  ]
  const page = pipeline.customerPage
  if (page && !pipeline.selected) {
    const name = customerName(page.customerId)
    list.push(
      { id: 'page-churn', label: `Flag churn risk…: ${name}`, group: 'Commands', rank: 50, run: () => pipeline.setFlagging({ customerId: page.customerId, level: 'high' }) },
      { id: 'page-deal', label: `New deal for ${name}`, group: 'Commands', rank: 50, run: () => pipeline.openForm('opportunity') },
    )
  }
  const selected = pipeline.opportunities.find((o) => o.opportunityId === pipeline.selected)
  if (selected) {
    const on = (command: string, data: Record<string, unknown> = {}) => () => void pipeline.send(command, { opportunityId: selected.opportunityId, ...data })
    const open = isOpen(selected.stage)
    for (const stage of SALES_STAGES) {
      if (stage === selected.stage || stage === 'closed_lost') continue
      list.push({ id: `move-${stage}`, label: `Move to ${STAGE_LABELS[stage]}: ${selected.name}`, group: 'Commands', rank: 50, run: () => void pipeline.move(selected.opportunityId, stage) })
    }
    if (open) list.push({ id: 'lost', label: `Mark lost…: ${selected.name}`, group: 'Commands', rank: 50, run: () => pipeline.setLosing(selected.opportunityId) })
    list.push(
      { id: 'accept', label: `Contract accepted: ${selected.name}`, group: 'Commands', rank: 50, run: on('AcceptContract') },
      { id: 'churn', label: `Flag churn risk…: ${customerName(selected.customerId)}`, group: 'Commands', rank: 50, run: () => pipeline.setFlagging({ customerId: selected.customerId, level: 'high' }) },
    )
  }
  return list
}

function customerName(customerId: string): string {
  return usePipeline.getState().customers.find((c) => c.customerId === customerId)?.name ?? customerId
}

/** The palette's search: deals and customers whose name holds every word typed (case-insensitive), at most 8 each. */
export function searchPipeline(text: string): Action[] {
  const pipeline = usePipeline.getState()
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  const hit = (name: string) => words.every((w) => name.toLowerCase().includes(w))
  const deals = pipeline.opportunities.filter((o) => hit(o.name)).slice(0, 8).map((o): Action => ({
    id: `deal-${o.opportunityId}`,
    label: `Deal: ${o.name} · ${customerName(o.customerId)} · ${STAGE_LABELS[o.stage]}`,
    group: 'Found',
    rank: 60,
    run: () => {
      useWorkspace.getState().go('pipeline')
      pipeline.setView('board')
      pipeline.select(o.opportunityId)
    },
  }))
  const customers = pipeline.customers.filter((c) => hit(c.name)).slice(0, 8).map((c): Action => ({
    id: `customer-${c.customerId}`,
    label: `Customer: ${c.name} · churn risk ${c.churnRisk}`,
    group: 'Found',
    rank: 60,
    run: () => {
      useWorkspace.getState().go('pipeline')
      pipeline.openCustomer(c.customerId)
    },
  }))
  return [...deals, ...customers]
}

/** The rep's keys, for the help panel. */
export const PIPELINE_SHORTCUTS: Shortcut[] = [
  { keys: 'n', what: 'New opportunity', rank: 30 },
  { keys: 'c', what: 'New customer', rank: 31 },
  { keys: 'Enter (on a card)', what: 'Open the deal in the side panel', rank: 32 },
  { keys: 'm (on a card)', what: 'Move the deal to another stage…', rank: 33 },
  { keys: 'Shift + → / ←', what: 'Move the focused deal to the next / previous stage', rank: 34 },
  { keys: 'Enter / Esc', what: 'Save / cancel an inline edit', rank: 80 },
]
