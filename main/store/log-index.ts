import { CommandPositions } from './command-positions.ts'

/**
 * What the engine needs to find events without holding them: stream → positions (versions are
 * gap-free, so a stream's version is its length), root commandId → first position, and where the
 * newest cascade began.
 */
export class LogIndex {
  lastPosition = 0
  private readonly streams = new Map<string, number[]>()
  private readonly commands = new CommandPositions()
  /** The root command whose position was recorded last (its next events need no entry). */
  private lastRoot: string | null = null
  private lastCorrelationId: string | null = null
  /** Position of the first event of the newest cascade (its correlation), 0 when the log is empty. */
  lastCorrelationStart = 0

  /** Records one event; the caller has checked that positions and versions are gap-free. */
  add(position: number, stream: string, commandId: string, correlationId: string): void {
    let positions = this.streams.get(stream)
    if (!positions) {
      positions = []
      this.streams.set(stream, positions)
    }
    this.record(position, positions, commandId, correlationId)
  }

  /**
   * Records one event read from the log after checking that it continues the log without a gap;
   * returns what is wrong otherwise (and records nothing). One look-up of the stream per event: the
   * opening scan calls this a million times.
   */
  addChecked(position: number, stream: string, version: number, commandId: string, correlationId: string): string | undefined {
    if (position !== this.lastPosition + 1) return `position ${position} where ${this.lastPosition + 1} was expected`
    let positions = this.streams.get(stream)
    const expected = (positions?.length ?? 0) + 1
    if (version !== expected) return `version ${version} of ${stream} where ${expected} was expected`
    if (!positions) {
      positions = []
      this.streams.set(stream, positions)
    }
    this.record(position, positions, commandId, correlationId)
    return undefined
  }

  private record(position: number, positions: number[], commandId: string, correlationId: string): void {
    this.lastPosition = position
    positions.push(position)
    if (commandId === correlationId && commandId !== this.lastRoot) {
      this.commands.add(commandId, position)
      this.lastRoot = commandId
    }
    if (correlationId !== this.lastCorrelationId) {
      this.lastCorrelationId = correlationId
      this.lastCorrelationStart = position
    }
  }

  /** The stream's current version (0 for a stream with no events). */
  streamVersion(stream: string): number {
    return this.streams.get(stream)?.length ?? 0
  }

  /** Positions of a stream's events, oldest first (the array is the index's own: do not change it). */
  streamPositions(stream: string): readonly number[] {
    return this.streams.get(stream) ?? []
  }

  /** Where the events of a root command (one that started a cascade) begin, if it was recorded. */
  commandPosition(commandId: string, commandIdAt: (position: number) => string | undefined): number | undefined {
    return this.commands.get(commandId, commandIdAt)
  }

  /** How many streams the log holds. */
  get streamCount(): number {
    return this.streams.size
  }
}
