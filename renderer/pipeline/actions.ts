import { runFlow } from '../workspace/host.ts'
import type { Action, Shortcut } from '../workspace/registry.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { exportPipelineCsv } from './csv-export.ts'
import { usePipeline, type PipelineView } from './store.ts'

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
    pipeline.setView(view)
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
  const selected = pipeline.opportunities.find((o) => o.opportunityId === pipeline.selected)
  if (selected) {
    const on = (command: string, data: Record<string, unknown> = {}) => () => void pipeline.send(command, { opportunityId: selected.opportunityId, ...data })
    list.push(
      { id: 'qualify', label: `QualifyOpportunity: ${selected.name}`, group: 'Commands', rank: 50, run: on('QualifyOpportunity') },
      { id: 'proposal', label: `SendProposal: ${selected.name}`, group: 'Commands', rank: 50, run: on('SendProposal') },
      { id: 'accept', label: `AcceptContract: ${selected.name}`, group: 'Commands', rank: 50, run: on('AcceptContract') },
      { id: 'won', label: `CloseOpportunity won: ${selected.name}`, group: 'Commands', rank: 50, run: on('CloseOpportunity', { outcome: 'won' }) },
      { id: 'lost', label: `CloseOpportunity lost: ${selected.name}`, group: 'Commands', rank: 50, run: on('CloseOpportunity', { outcome: 'lost' }) },
      { id: 'reopen', label: `ReopenOpportunity: ${selected.name}`, group: 'Commands', rank: 50, run: on('ReopenOpportunity') },
    )
  }
  return list
}

/** The rep's keys, for the help panel. */
export const PIPELINE_SHORTCUTS: Shortcut[] = [
  { keys: 'n', what: 'New opportunity', rank: 30 },
  { keys: 'c', what: 'New customer', rank: 31 },
  { keys: 'Enter / Esc', what: 'Save / cancel an inline edit', rank: 80 },
]
