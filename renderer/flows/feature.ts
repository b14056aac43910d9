import { lazy } from 'react'
import { registerFeature } from '../workspace/registry.ts'

// The sample flows: checked in a scratch log or run into the workspace (loaded when first shown).
registerFeature({
  id: 'flows',
  label: 'Flows',
  icon: '▶',
  order: 4,
  Screen: lazy(() => import('./FlowsScreen.tsx').then((m) => ({ default: m.FlowsScreen }))),
})
