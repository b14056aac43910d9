import { describe, expect, it } from 'vitest'
import { paletteActions, shortcuts } from '../../../renderer/shell/actions.ts'
import { features } from '../../../renderer/workspace/registry.ts'

describe('the shell, from the features that register themselves', () => {
  it('shows the five screens in the sidebar order, numbered 1 to 5', () => {
    expect(features().map((f) => [f.id, f.label])).toEqual([['pipeline', 'Pipeline'], ['trading', 'Trading'], ['timeline', 'Timeline'], ['flows', 'Flows'], ['settings', 'Settings']])
    expect(paletteActions().filter((a) => a.id.startsWith('go-')).map((a) => `${a.keys} ${a.label}`)).toEqual(['1 Go to Pipeline', '2 Go to Trading', '3 Go to Timeline', '4 Go to Flows', '5 Go to Settings'])
  })

  it('lists the palette: screens, views (the timeline’s storm, list and replay among them), undo, the rep’s commands, the trader’s, recording a flow, the view toggles', () => {
    expect(paletteActions().map((a) => a.id)).toEqual([
      'go-pipeline', 'go-trading', 'go-timeline', 'go-flows', 'go-settings',
      'customers', 'risk', 'metrics', 'table', 'kanban', 'timeline.storm', 'timeline.list', 'timeline.replay',
      'undo', 'redo',
      'import', 'export', 'new-customer', 'new-opportunity', 'sample',
      'open-portfolio', 'place-order', 'deposit', 'withdraw',
      'flows.record',
      'theme', 'help',
    ])
  })

  it('lists the keyboard shortcuts: the app’s, then the replay’s', () => {
    expect(shortcuts()).toEqual([
      ['Ctrl/⌘ + K', 'Command palette: every screen and command'],
      ['?', 'This help'],
      ['1 – 5', 'Pipeline, Trading, Timeline, Flows, Settings'],
      ['n', 'New opportunity'],
      ['c', 'New customer'],
      ['Enter (on a card)', 'Open the deal in the side panel'],
      ['m (on a card)', 'Move the deal to another stage…'],
      ['Shift + → / ←', 'Move the focused deal to the next / previous stage'],
      ['t', 'Light / dark theme'],
      ['Ctrl/⌘ + Z', 'Undo your last command (by its compensating command)'],
      ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
      ['Enter / Esc', 'Save / cancel an inline edit'],
      ['Esc', 'Close a dialog or panel'],
      ['Space', 'Timeline: play or pause the replay'],
      ['← / →', 'Timeline: step back or forward one event'],
      ['Shift+← / Shift+→', 'Timeline: step one command (its whole cascade)'],
      ['Esc', 'Back to now (leave the replay)'],
    ])
  })
})
