import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CHECKPOINT_BUDGET, CheckpointLadder } from '../../../main/app/checkpoint-ladder.ts'
import { CheckpointFolder } from '../../../main/store/checkpoints.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function folderIn(): { dir: string; folder: CheckpointFolder } {
  const dir = mkdtempSync(join(tmpdir(), 'stormbook-ladder-'))
  dirs.push(dir)
  return { dir, folder: new CheckpointFolder(dir) }
}

/** A state of about `bytes` bytes of JSON. */
const stateOf = (bytes: number) => JSON.stringify({ filler: 'x'.repeat(bytes) })

/** Saves a projection's rungs the way the engine does: only where due, thinning after each. */
function saveRungs(ladder: CheckpointLadder, folder: CheckpointFolder, name: string, upTo: number, bytesAt: (p: number) => number, logBytes: (p: number) => number): void {
  for (let p = 1; p <= upTo; p++) {
    if (!ladder.due(name, p)) continue
    folder.save(name, 1, p, `e${p}`, stateOf(bytesAt(p)))
    ladder.thin(logBytes(p))
  }
}

const positions = (dir: string, name: string) =>
  readdirSync(join(dir, name))
    .map((f) => Number(f.replace(/\.json(\.gz)?$/, '')))
    .sort((a, b) => a - b)

describe('the checkpoint ladder', () => {
  it('keeps every rung while the folder is within its budget', () => {
    const { dir, folder } = folderIn()
    const ladder = new CheckpointLadder(folder, new Map([['Book', 10]]), 0)
    saveRungs(ladder, folder, 'Book', 50, () => 100, (p) => p * 1000)
    expect(positions(dir, 'Book')).toEqual([10, 20, 30, 40, 50])
    expect(ladder.spacingOf('Book')).toBe(10)
  })

  it('thins the ladder whose rungs are biggest for their spacing, halving its rungs, when the folder outgrows its share of the log', () => {
    const { dir, folder } = folderIn()
    const ladder = new CheckpointLadder(folder, new Map([['Book', 10], ['Totals', 10]]), 0)
    for (let p = 10; p <= 160; p += 10) {
      folder.save('Book', 1, p, `e${p}`, stateOf(p * 10))
      folder.save('Totals', 1, p, `e${p}`, stateOf(20))
      ladder.thin(p * 300)
    }
    expect(folder.totalBytes()).toBeLessThanOrEqual(CHECKPOINT_BUDGET * 160 * 300)
    expect(ladder.spacingOf('Book')).toBeGreaterThan(10)
    expect(ladder.spacingOf('Totals')).toBeLessThan(ladder.spacingOf('Book'))
    const book = positions(dir, 'Book')
    expect(book[book.length - 1]).toBe(160)
    for (const p of book.slice(0, -1)) expect(p % ladder.spacingOf('Book')).toBe(0)
    expect(positions(dir, 'Totals').length).toBeGreaterThan(book.length)
  })

  it('does not write the rungs it would drop: a thinned ladder is due only on its own spacing', () => {
    const { folder } = folderIn()
    const ladder = new CheckpointLadder(folder, new Map([['Book', 10]]), 0)
    saveRungs(ladder, folder, 'Book', 400, (p) => p * 10, (p) => p * 100)
    const spacing = ladder.spacingOf('Book')
    expect(spacing).toBeGreaterThan(10)
    expect(ladder.due('Book', spacing)).toBe(true)
    expect(ladder.due('Book', spacing + 10)).toBe(false)
  })

  it('reads the spacing a ladder was thinned to back from the folder when reopened', () => {
    const { dir, folder } = folderIn()
    for (const p of [40, 80, 120, 130]) folder.save('Book', 1, p, `e${p}`, stateOf(10))
    const ladder = new CheckpointLadder(new CheckpointFolder(dir), new Map([['Book', 10]]), 0)
    expect(ladder.spacingOf('Book')).toBe(40)
  })

  it('never thins a folder below its floor', () => {
    const { dir, folder } = folderIn()
    const ladder = new CheckpointLadder(folder, new Map([['Book', 10]]))
    saveRungs(ladder, folder, 'Book', 50, () => 1000, () => 10)
    expect(positions(dir, 'Book')).toEqual([10, 20, 30, 40, 50])
  })
})
