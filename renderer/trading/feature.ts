import { lazy } from 'react'
import { registerCompensator } from '../workspace/compensations.ts'
import { registerFeature } from '../workspace/registry.ts'
import { tradingActions } from './actions.ts'
import { COMPENSATED_TRADING_COMMANDS, tradingCompensation } from './compensation.ts'
import { startNotices } from './notice-feed.ts'

// The trader's feature: its screen (loaded when first shown), its palette entries, and how a placed order is undone.
registerFeature({
  id: 'trading',
  label: 'Trading',
  icon: '↗',
  order: 2,
  Screen: lazy(() => import('./TradingScreen.tsx').then((m) => ({ default: m.TradingScreen }))),
  actions: tradingActions,
  start: startNotices,
})

registerCompensator(COMPENSATED_TRADING_COMMANDS, { compensate: (command, events) => tradingCompensation(command, events) })
