/** Two FNV-1a hashes of a string folded into one 52-bit number (exact in a double), never 0. */
function hash52(text: string): number {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
  }
  return (a >>> 0) + ((b >>> 12) & 0xfffff) * 0x100000000 + 1
}

/**
 * Where each root command's events begin, by command id, for a log of any length: an open-addressing
 * table of 52-bit hashes of the ids and positions (12 bytes a slot), not a Map of the id strings (some
 * 80 bytes an entry, and a million of them at a million events). A hash stands for its id only once the
 * event at the position confirms it (`commandIdAt`, a read of the log), so two ids that share a hash are
 * both found; an id recorded twice keeps its first position.
 */
export class CommandPositions {
  private hashes = new Float64Array(1024)
  private positions = new Uint32Array(1024)
  private count = 0
  private readonly hash: (text: string) => number

  /** `hash`: a string's hash, a whole number from 1 to 2^53 (tests give one that collides). */
  constructor(hash: (text: string) => number = hash52) {
    this.hash = hash
  }

  get size(): number {
    return this.count
  }

  /** Records that the command `commandId` begins at `position` (a later position of a known id is kept but never answered). */
  add(commandId: string, position: number): void {
    if ((this.count + 1) * 2 > this.hashes.length) this.grow()
    this.place(this.hash(commandId), position)
    this.count++
  }

  /** The first position recorded for `commandId`, confirmed by the event there; undefined when none. */
  get(commandId: string, commandIdAt: (position: number) => string | undefined): number | undefined {
    const hash = this.hash(commandId)
    const mask = this.hashes.length - 1
    let best: number | undefined
    for (let slot = hash % this.hashes.length; this.hashes[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] !== hash) continue
      const position = this.positions[slot]
      if ((best === undefined || position < best) && commandIdAt(position) === commandId) best = position
    }
    return best
  }

  private place(hash: number, position: number): void {
    const mask = this.hashes.length - 1
    let slot = hash % this.hashes.length
    while (this.hashes[slot] !== 0) slot = (slot + 1) & mask
    this.hashes[slot] = hash
    this.positions[slot] = position
  }

  private grow(): void {
    const { hashes, positions } = this
    this.hashes = new Float64Array(hashes.length * 2)
    this.positions = new Uint32Array(positions.length * 2)
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== 0) this.place(hashes[i], positions[i])
  }
}
