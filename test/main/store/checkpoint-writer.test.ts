import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckpointWriter } from '../../../main/store/checkpoint-writer.ts'
import { tempDir } from '../../support/workspace.ts'

describe('the checkpoint writer (a worker thread)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes and removes in the order asked, and waitFor returns once a file is there', async () => {
    const dir = tempDir()
    const failed: string[] = []
    const writer = new CheckpointWriter((file) => failed.push(file))
    const file = join(dir, 'Pipeline', '10.json')
    const ticket = writer.write(join(dir, 'Pipeline'), file, '{"a":', Buffer.from('[1,2]'))
    writer.waitFor(ticket)
    expect(readFileSync(file, 'utf8')).toBe('{"a":[1,2]}')
    writer.remove(file)
    writer.write(join(dir, 'Pipeline'), file, '{"b":', Buffer.from('3'))
    writer.flush()
    expect(readFileSync(file, 'utf8'), 'the later write wins over the removal before it').toBe('{"b":3}')
    await writer.close()
    expect(failed).toEqual([])
  })

  it('reports a write it could not make, and goes on with the next', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'not-a-folder'), '')
    const failed: string[] = []
    const writer = new CheckpointWriter((file) => failed.push(file))
    const bad = join(dir, 'not-a-folder', '5.json')
    writer.write(join(dir, 'not-a-folder'), bad, '{', Buffer.from('}'))
    const good = join(dir, 'ok', '6.json')
    writer.write(join(dir, 'ok'), good, '{"c":', Buffer.from('1'))
    writer.flush()
    expect(existsSync(good)).toBe(true)
    await vi.waitFor(() => expect(failed).toEqual([bad]))
    await writer.close()
  })

  it('still waits where the host forbids Atomics.wait (spinning on the counter)', async () => {
    vi.spyOn(Atomics, 'wait').mockImplementation(() => {
      throw new TypeError('Atomics.wait cannot be called in this context')
    })
    const dir = tempDir()
    const writer = new CheckpointWriter(() => undefined)
    const file = join(dir, 'SalesBook', '20.json')
    writer.waitFor(writer.write(join(dir, 'SalesBook'), file, '{"d":', Buffer.from('"x"')))
    expect(readFileSync(file, 'utf8')).toBe('{"d":"x"}')
    await writer.close()
  })
})
