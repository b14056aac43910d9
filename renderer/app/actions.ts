import { bridge } from '../bridge.ts'
import { exportPipelineCsv } from '../pipeline/csv-export.ts'
import { usePipeline, type PipelineView } from '../pipeline/store.ts'
import { SCREENS, SCREEN_LABELS, useApp } from './store.ts'
import { useUndo } from './undo.ts'
import { tradingActions } from '../trading/actions.ts'

/** One entry of the command palette (and of the shortcuts help when it has keys). */
export interface Action {
  id: string
  label: string
  group: 'Screens' | 'Commands' | 'View'
  keys?: string
  run(): void | Promise<void>
}

/** Runs the sales sample flows into the open workspace: the empty state's "Load a sample pipeline". */
export async function loadSamplePipeline(): Promise<void> {
  const app = useApp.getState()
  for (const file of ['sales-funnel.flow.json', 'revenue-at-risk.flow.json', 'contract-accepted-wins-the-deal.flow.json']) {
    const result = await bridge().flows.run(file)
    if (!result.ok) {
      app.reject(result.error)
      return
    }
  }
  app.toast({ kind: 'info', message: 'Sample pipeline loaded.' })
  await Promise.all([usePipeline.getState().refresh(), app.load()])
}

/** What the palette lists: every screen, the commands that fit now, and the view toggles. */
export function actions(): Action[] {
  const app = useApp.getState()
  const pipeline = usePipeline.getState()
  const list: Action[] = SCREENS.map((screen, i) => ({ id: `go-${screen}`, label: `Go to ${SCREEN_LABELS[screen]}`, group: 'Screens', keys: String(i + 1), run: () => app.go(screen) }))
  const onBoard = (view: PipelineView, form: 'customer' | 'opportunity' | null = null) => {
    app.go('pipeline')
    pipeline.setView(view)
    pipeline.openForm(form)
  }
  list.push(
    { id: 'customers', label: 'Customers and churn risk', group: 'Screens', run: () => onBoard('customers') },
    { id: 'risk', label: 'Revenue at risk', group: 'Screens', run: () => onBoard('risk') },
    { id: 'metrics', label: 'Sales metrics', group: 'Screens', run: () => onBoard('metrics') },
    { id: 'table', label: 'Pipeline as a table', group: 'Screens', run: () => (onBoard('board'), pipeline.setLayout('table')) },
    { id: 'kanban', label: 'Pipeline as a board', group: 'Screens', run: () => (onBoard('board'), pipeline.setLayout('board')) },
    { id: 'undo', label: 'Undo the last command', group: 'Commands', keys: 'Ctrl/⌘+Z', run: () => useUndo.getState().undo() },
    { id: 'redo', label: 'Redo', group: 'Commands', keys: 'Ctrl/⌘+Shift+Z', run: () => useUndo.getState().redo() },
    { id: 'import', label: 'Import customers or opportunities from CSV', group: 'Commands', run: () => (app.go('pipeline'), pipeline.setImporting(true)) },
    { id: 'export', label: 'Export the pipeline as CSV', group: 'Commands', run: () => exportPipelineCsv() },
    { id: 'new-customer', label: 'New customer (RegisterCustomer)', group: 'Commands', keys: 'c', run: () => onBoard('board', 'customer') },
    { id: 'new-opportunity', label: 'New opportunity (CreateOpportunity)', group: 'Commands', keys: 'n', run: () => onBoard('board', 'opportunity') },
    { id: 'sample', label: 'Load a sample pipeline', group: 'Commands', run: () => loadSamplePipeline() },
  )
  list.push(...tradingActions())
  const selected = pipeline.opportunities.find((o) => o.opportunityId === pipeline.selected)
  if (selected) {
    const on = (command: string, data: Record<string, unknown> = {}) => () => void pipeline.send(command, { opportunityId: selected.opportunityId, ...data })
    list.push(
      { id: 'qualify', label: `QualifyOpportunity: ${selected.name}`, group: 'Commands', run: on('QualifyOpportunity') },
      { id: 'proposal', label: `SendProposal: ${selected.name}`, group: 'Commands', run: on('SendProposal') },
      { id: 'accept', label: `AcceptContract: ${selected.name}`, group: 'Commands', run: on('AcceptContract') },
      { id: 'won', label: `CloseOpportunity won: ${selected.name}`, group: 'Commands', run: on('CloseOpportunity', { outcome: 'won' }) },
      { id: 'lost', label: `CloseOpportunity lost: ${selected.name}`, group: 'Commands', run: on('CloseOpportunity', { outcome: 'lost' }) },
      { id: 'reopen', label: `ReopenOpportunity: ${selected.name}`, group: 'Commands', run: on('ReopenOpportunity') },
    )
  }
  list.push(
    { id: 'theme', label: `Switch to ${app.theme === 'dark' ? 'light' : 'dark'} theme`, group: 'View', keys: 't', run: () => app.setTheme(app.theme === 'dark' ? 'light' : 'dark') },
    { id: 'help', label: 'Keyboard shortcuts', group: 'View', keys: '?', run: () => app.setHelp(true) },
  )
  return list
}

/** The keys the app answers, for the help panel. */
export const SHORTCUTS: Array<[string, string]> = [
  ['Ctrl/⌘ + K', 'Command palette: every screen and command'],
  ['?', 'This help'],
  ['1 – 5', 'Pipeline, Trading, Timeline, Flows, Settings'],
  ['n', 'New opportunity'],
  ['c', 'New customer'],
  ['t', 'Light / dark theme'],
  ['Ctrl/⌘ + Z', 'Undo your last command (by its compensating command)'],
  ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
  ['Enter / Esc', 'Save / cancel an inline edit'],
  ['Esc', 'Close a dialog or panel'],
]
