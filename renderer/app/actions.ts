import { bridge } from '../bridge.ts'
import { usePipeline } from '../pipeline/store.ts'
import { SCREENS, SCREEN_LABELS, useApp } from './store.ts'

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
  const onBoard = (view: 'board' | 'customers' | 'risk', form: 'customer' | 'opportunity' | null = null) => {
    app.go('pipeline')
    pipeline.setView(view)
    pipeline.openForm(form)
  }
  list.push(
    { id: 'customers', label: 'Customers and churn risk', group: 'Screens', run: () => onBoard('customers') },
    { id: 'risk', label: 'Revenue at risk', group: 'Screens', run: () => onBoard('risk') },
    { id: 'new-customer', label: 'New customer (RegisterCustomer)', group: 'Commands', keys: 'c', run: () => onBoard('board', 'customer') },
    { id: 'new-opportunity', label: 'New opportunity (CreateOpportunity)', group: 'Commands', keys: 'n', run: () => onBoard('board', 'opportunity') },
    { id: 'sample', label: 'Load a sample pipeline', group: 'Commands', run: () => loadSamplePipeline() },
  )
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
  ['Esc', 'Close a dialog or panel'],
]
