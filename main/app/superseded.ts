/**
 * The events a team-sync rebase withdrew from a workspace (sync.json's `superseded`, docs/sync.md): they
 * stay in the log, which is never rewritten, and the timeline still lists them, but no fold takes them in:
 * not the read models, not the aggregate states, not time travel, not a checkpoint. A withdrawn event still
 * holds its stream version (the stream's later events keep theirs).
 */
export class SupersededEvents {
  private readonly ids: Set<string>

  constructor(ids: Iterable<string> = []) {
    this.ids = new Set(ids)
  }

  /** How many events are withdrawn. */
  get size(): number {
    return this.ids.size
  }

  /** Whether the event with this id is withdrawn. */
  has(id: string): boolean {
    return this.ids.size > 0 && this.ids.has(id)
  }

  /** Withdraws events; answers the ids that were not withdrawn before. */
  add(ids: Iterable<string>): string[] {
    const added: string[] = []
    for (const id of ids) {
      if (this.ids.has(id)) continue
      this.ids.add(id)
      added.push(id)
    }
    return added
  }

  /** The events of a list that are not withdrawn (the list itself when none are). */
  without<T extends { id: string }>(events: T[]): T[] {
    return this.ids.size === 0 ? events : events.filter((e) => !this.ids.has(e.id))
  }

  /** Every withdrawn id, in the order withdrawn. */
  list(): string[] {
    return [...this.ids]
  }
}
