/**
 * Time-travel states of one projection, by position, least recently used dropped first. A state as of a
 * past position never changes in an append-only log, so appends do not evict anything; a replay asking
 * several read models for the same positions finds them here.
 */
export class AsOfCache {
  private readonly states = new Map<number, unknown>()
  private readonly limit: number

  constructor(limit: number) {
    this.limit = Math.max(0, limit)
  }

  get size(): number {
    return this.states.size
  }

  /** The state as of exactly `position`, marked as recently used. */
  get(position: number): unknown {
    if (!this.states.has(position)) return undefined
    const state = this.states.get(position)
    this.states.delete(position)
    this.states.set(position, state)
    return state
  }

  has(position: number): boolean {
    return this.states.has(position)
  }

  /** The nearest cached position at or before `position` and not before `floor` (0 when none). */
  nearest(position: number, floor: number): number {
    let best = 0
    for (const p of this.states.keys()) if (p <= position && p >= floor && p > best) best = p
    return best
  }

  set(position: number, state: unknown): void {
    if (this.limit === 0) return
    this.states.delete(position)
    this.states.set(position, state)
    if (this.states.size > this.limit) this.states.delete(this.states.keys().next().value as number)
  }

  clear(): void {
    this.states.clear()
  }
}
