import { lazy } from 'react'
import { onPushedEvents } from '../workspace/host.ts'
import { registerFeature } from '../workspace/registry.ts'
import { onViewingPosition, useWorkspace } from '../workspace/store.ts'
import { touchesBoard, useBoard } from './board.ts'
import { useTimeline } from './store.ts'

const shown = () => useWorkspace.getState().screen === 'timeline'

// The log as an event storm or a list, and replay (loaded when first shown).
registerFeature({
  id: 'timeline',
  label: 'Timeline',
  icon: '☰',
  order: 3,
  Screen: lazy(() => import('./TimelineScreen.tsx').then((m) => ({ default: m.TimelineScreen }))),
  actions: () => [
    { id: 'timeline.storm', label: 'Timeline: the storm', group: 'View', rank: 12, run: () => (useWorkspace.getState().go('timeline'), useTimeline.getState().setView('storm')) },
    { id: 'timeline.list', label: 'Timeline: the list of events', group: 'View', rank: 12, run: () => (useWorkspace.getState().go('timeline'), useTimeline.getState().setView('list')) },
    { id: 'timeline.replay', label: 'Replay the log from the start', group: 'View', rank: 13, run: () => (useWorkspace.getState().go('timeline'), void useTimeline.getState().seek(1)) },
    ...(useWorkspace.getState().viewingPosition !== null
      ? [{ id: 'timeline.now', label: 'Back to now (leave the replay)', group: 'View' as const, keys: undefined, rank: 11, run: () => useWorkspace.getState().setViewingPosition(null) }]
      : []),
  ],
  shortcuts: [
    { keys: 'Space', what: 'Timeline: play or pause the replay', rank: 92 },
    { keys: '← / →', what: 'Timeline: step back or forward one event', rank: 93 },
    { keys: 'Shift+← / Shift+→', what: 'Timeline: step one command (its whole cascade)', rank: 94 },
    { keys: 'Esc', what: 'Back to now (leave the replay)', rank: 95 },
  ],
  start() {
    void useBoard.getState().load()
    const offEvents = onPushedEvents((events) => {
      useTimeline.getState().taken(events)
      if (touchesBoard(events.map((e) => e.type))) void useBoard.getState().load()
    })
    const offPosition = onViewingPosition((position) => {
      if (position === null) useTimeline.getState().pause()
    })
    return () => {
      offEvents()
      offPosition()
    }
  },
  onKey(event) {
    if (!shown()) return false
    const t = useTimeline.getState()
    if (event.key === ' ') {
      if (t.playing) t.pause()
      else t.play()
      return true
    }
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      const direction = event.key === 'ArrowLeft' ? -1 : 1
      void (event.shiftKey ? t.stepCommand(direction) : t.stepEvent(direction))
      return true
    }
    return false
  },
  onEscape() {
    if (shown() && useWorkspace.getState().viewingPosition === null) useTimeline.getState().select(null)
  },
})
