import { lazy } from 'react'
import { registerFeature } from '../workspace/registry.ts'

// The whole log, newest first (loaded when first shown).
registerFeature({
  id: 'timeline',
  label: 'Timeline',
  icon: '☰',
  order: 3,
  Screen: lazy(() => import('./TimelineScreen.tsx').then((m) => ({ default: m.TimelineScreen }))),
})
