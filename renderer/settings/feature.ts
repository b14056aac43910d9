import { lazy } from 'react'
import { registerFeature } from '../workspace/registry.ts'

// The workspace, its folder and the appearance (loaded when first shown).
registerFeature({
  id: 'settings',
  label: 'Settings',
  icon: '⚙',
  order: 5,
  Screen: lazy(() => import('./SettingsScreen.tsx').then((m) => ({ default: m.SettingsScreen }))),
})
