import { create } from 'zustand'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { LaneMode } from '../../domain/storming/notation/layout.ts'
import { columnAt, stormOf, type Storm } from '../../domain/storming/notation/storm.ts'
import { readEvents } from '../workspace/host.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { firstAtOrAfter, NO_FILTERS, type Filters } from './filters.ts'
import { formatMoment } from '../workspace/dates.ts'

/** How many events the storm reads at first and each time it reaches its left edge. */
export const STORM_PAGE = 2000
/** The most events the storm keeps loaded; past that, the far side is let go. */
const WINDOW_LIMIT = 20_000
/** The host answers at most this many events a call. */
const HOST_LIMIT = 5000

/** Replay speeds, in events a second. */
export const SPEEDS = [1, 2, 5, 10, 25] as const

/** What the Timeline shows: the storm or the list, its lanes, the loaded part of the log, the selection, replay. */
interface TimelineState {
  view: 'storm' | 'list'
  lanes: LaneMode
  /** A contiguous run of the log (positions events[0].position … the last one). */
  events: EventEnvelope[]
  loading: boolean
  /** The selected command, by the position of its first event (stable when older events load). */
  selected: number | null
  cascadeOnly: boolean
  search: string
  filters: Filters
  playing: boolean
  speed: number
  setView(view: 'storm' | 'list'): void
  setLanes(lanes: LaneMode): void
  setSearch(search: string): void
  setFilter(name: keyof Filters, value: string): void
  setCascadeOnly(on: boolean): void
  select(first: number | null): void
  /** Reads the newest events (the storm opens at now). */
  loadNewest(): Promise<void>
  /** Reads the events before the loaded ones. */
  loadOlder(): Promise<void>
  /** Makes sure `position` is loaded (reads a window around it when not). */
  reveal(position: number): Promise<void>
  /** Takes in events the engine pushed, when the window reaches now. */
  taken(events: readonly EventEnvelope[]): void
  /** Moves the replay cursor to a position (1 … last). */
  seek(position: number): Promise<void>
  /** Moves the replay cursor to the first event at or after a moment (ISO text). */
  seekDate(at: string): Promise<void>
  stepEvent(direction: -1 | 1): Promise<void>
  stepCommand(direction: -1 | 1): Promise<void>
  play(): void
  pause(): void
  setSpeed(speed: number): void
}

async function read(from: number, to: number): Promise<EventEnvelope[] | undefined> {
  const out: EventEnvelope[] = []
  for (let start = from; start <= to; start += HOST_LIMIT) {
    const result = await readEvents(start, Math.min(to, start + HOST_LIMIT - 1))
    if (!result.ok) {
      reject(result.error)
      return undefined
    }
    out.push(...result.value)
  }
  return out
}

const lastPosition = () => useWorkspace.getState().info?.lastPosition ?? 0
let timer: ReturnType<typeof setInterval> | undefined
let storm: { events: EventEnvelope[]; value: Storm } | undefined

/** The loaded events read as a storm (computed once per loaded window). */
export function stormOfWindow(events: EventEnvelope[]): Storm {
  if (storm?.events !== events) storm = { events, value: stormOf(events) }
  return storm.value
}

export const useTimeline = create<TimelineState>()((set, get) => ({
  view: 'storm',
  lanes: 'context',
  events: [],
  loading: false,
  selected: null,
  cascadeOnly: false,
  search: '',
  filters: NO_FILTERS,
  playing: false,
  speed: 5,
  setView: (view) => set({ view }),
  setLanes: (lanes) => set({ lanes }),
  setSearch: (search) => set({ search }),
  setFilter: (name, value) => set({ filters: { ...get().filters, [name]: value } }),
  setCascadeOnly: (cascadeOnly) => set({ cascadeOnly }),
  select: (selected) => set({ selected, cascadeOnly: selected === null ? false : get().cascadeOnly }),

  async loadNewest() {
    const last = lastPosition()
    if (last === 0) return set({ events: [] })
    set({ loading: true })
    const events = await read(Math.max(1, last - STORM_PAGE + 1), last)
    set({ loading: false, ...(events ? { events } : {}) })
  },
  async loadOlder() {
    const { events, loading } = get()
    const first = events[0]?.position ?? 1
    if (loading || first <= 1) return
    set({ loading: true })
    const older = await read(Math.max(1, first - STORM_PAGE), first - 1)
    if (!older) return set({ loading: false })
    const current = get().events
    if (current[0]?.position !== first) return set({ loading: false }) // another load replaced the window
    const joined = [...older, ...current]
    set({ loading: false, events: joined.length > WINDOW_LIMIT ? joined.slice(0, WINDOW_LIMIT) : joined })
  },
  async reveal(position) {
    const { events } = get()
    if (events.length > 0 && position >= events[0].position && position <= events[events.length - 1].position) return
    const last = lastPosition()
    const from = Math.max(1, position - STORM_PAGE / 2)
    set({ loading: true })
    const around = await read(from, Math.min(last, from + STORM_PAGE - 1))
    set({ loading: false, ...(around ? { events: around } : {}) })
  },
  taken(pushed) {
    const { events } = get()
    const end = events[events.length - 1]?.position ?? 0
    const next = pushed.filter((e) => e.position > end)
    if (next.length === 0 || (events.length > 0 && next[0].position !== end + 1)) return
    const joined = [...events, ...next]
    set({ events: joined.length > WINDOW_LIMIT ? joined.slice(joined.length - WINDOW_LIMIT) : joined })
  },

  async seek(position) {
    const last = lastPosition()
    if (last === 0) return
    const target = Math.min(last, Math.max(1, Math.round(position)))
    await get().reveal(target)
    const event = get().events.find((e) => e.position === target)
    useWorkspace.getState().setViewingPosition(target, event?.at ?? null)
  },
  async seekDate(at) {
    const last = lastPosition()
    const found = await firstAtOrAfter(at, last, async (p) => {
      const loaded = get().events.find((e) => e.position === p)
      if (loaded) return loaded.at
      const result = await readEvents(p, p)
      if (!result.ok) return void reject(result.error)
      return result.value[0]?.at
    })
    if (found === undefined) return
    if (found > last) return toast({ kind: 'info', message: `No event at or after ${formatMoment(at)}: the last one is earlier.` })
    await get().seek(found)
    set({ selected: columnAt(stormOfWindow(get().events).columns, found)?.first ?? null })
  },
  async stepEvent(direction) {
    const cursor = useWorkspace.getState().viewingPosition ?? lastPosition() + (direction < 0 ? 0 : 1)
    const next = cursor + direction
    if (next < 1 || next > lastPosition()) return
    await get().seek(next)
  },
  async stepCommand(direction) {
    const last = lastPosition()
    const cursor = useWorkspace.getState().viewingPosition ?? last
    await get().reveal(cursor)
    const { columns } = stormOfWindow(get().events)
    const here = columnAt(columns, cursor)
    if (!here) return
    // A command's whole cascade: the cursor lands on the last event of the next (or previous) command.
    const target = direction > 0 ? columns[here.index + (cursor >= here.last ? 1 : 0)] : columns[here.index - 1]
    if (!target) return
    await get().seek(direction > 0 ? target.last : target.last)
    set({ selected: target.first })
  },
  play() {
    if (timer) clearInterval(timer)
    const workspace = useWorkspace.getState()
    if (workspace.viewingPosition === null || workspace.viewingPosition >= lastPosition()) void get().seek(get().events[0]?.position ?? 1)
    set({ playing: true })
    timer = setInterval(() => {
      const cursor = useWorkspace.getState().viewingPosition
      if (cursor === null || cursor >= lastPosition()) return get().pause()
      void get().stepEvent(1)
    }, 1000 / get().speed)
  },
  pause() {
    if (timer) clearInterval(timer)
    timer = undefined
    set({ playing: false })
  },
  setSpeed(speed) {
    set({ speed })
    if (get().playing) get().play()
  },
}))
