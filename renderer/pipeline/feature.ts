import { memo } from 'react'
import { registerCompensator, type SentCommand } from '../workspace/compensations.ts'
import { registerFeature } from '../workspace/registry.ts'
import { PIPELINE_SHORTCUTS, pipelineActions, searchPipeline } from './actions.ts'
import { COMPENSATED_SALES_COMMANDS, compensation } from './compensation.ts'
import { PipelineScreen } from './PipelineScreen.tsx'
import { nameOf, stageBefore, usePipeline, watchPipeline } from './store.ts'

// The sales rep's feature: the first screen (loaded with the app), its palette entries and keys, how its
// commands are undone, and the board kept current from the session's start.
registerFeature({
  id: 'pipeline',
  label: 'Pipeline',
  icon: '▤',
  order: 1,
  // Memoized: the shell re-renders on every pushed event (its save state, the last position); the board need not.
  Screen: memo(PipelineScreen),
  actions: pipelineActions,
  shortcuts: PIPELINE_SHORTCUTS,
  start() {
    const stop = watchPipeline()
    void usePipeline.getState().refresh()
    return stop
  },
  onEscape: () => void usePipeline.getState().closeTop(),
  search: (text) => searchPipeline(text),
})

registerCompensator(COMPENSATED_SALES_COMMANDS, {
  compensate: (command, events, before) => compensation(command, events, before, nameOf),
  before: (command: SentCommand) => stageBefore(command),
})
