import { create } from 'zustand'
import type { MarketControls, Params } from '../../main/ipc/contract.ts'
import { controlMarket, marketControls } from '../workspace/host.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject as toastRefusal } from '../workspace/toasts.ts'

/** The speeds the control strip offers: ticks a second, and the seconds between ticks each means. */
export const SPEEDS: ReadonlyArray<{ label: string; tickSeconds: number }> = [
  { label: '1 tick / 10 s', tickSeconds: 10 },
  { label: '1 tick / 2 s', tickSeconds: 2 },
  { label: '1 tick / s', tickSeconds: 1 },
  { label: '2 ticks / s', tickSeconds: 0.5 },
  { label: '4 ticks / s', tickSeconds: 0.25 },
  { label: '10 ticks / s', tickSeconds: 0.1 },
]

/** How fast the market ticks, in words ("4 ticks / s"); a pace the strip does not offer is said in seconds. */
export function paceLabel(tickSeconds: number): string {
  return SPEEDS.find((s) => s.tickSeconds === tickSeconds)?.label ?? (tickSeconds === 0 ? 'no ticks' : `1 tick / ${tickSeconds} s`)
}

/** The market's practice controls as the host tells them, and the one way to change them. */
interface ControlsState {
  controls: MarketControls | null
  busy: boolean
  /** Asks the host for the controls' state (after a replayed tick, an import, a reload). */
  load(): Promise<void>
  /** Sends one control; a refusal is toasted with its code. Answers whether it was done. */
  send(control: Params<'market.control'>): Promise<boolean>
}

export const useMarketControls = create<ControlsState>()((set) => ({
  controls: null,
  busy: false,
  async load() {
    const result = await marketControls()
    if (result?.ok) set({ controls: result.value })
  },
  async send(control) {
    const pending = controlMarket(control)
    if (!pending) {
      toastRefusal({ code: 'NO_MARKET', message: 'This host has no market to control.' })
      return false
    }
    set({ busy: true })
    const result = await pending
    set({ busy: false })
    if (!result.ok) {
      toastRefusal(result.error)
      return false
    }
    set({ controls: result.value })
    // The control is kept in the workspace's settings: the screens that write settings start from the new ones.
    if (control.action !== 'step') await useWorkspace.getState().load()
    return true
  },
}))

let replayTimer: ReturnType<typeof setTimeout> | undefined

/** After pushed quotes: while replaying, the day shown is asked for again (at most a few times a second). */
export function followReplay(): void {
  if (!useMarketControls.getState().controls?.replay.on || replayTimer) return
  replayTimer = setTimeout(() => {
    replayTimer = undefined
    void useMarketControls.getState().load()
  }, 200)
}
