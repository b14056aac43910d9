import { describe, expect, it } from 'vitest'
import { formatBytes, percentOf, progressLine, terminalProgress, throttleProgress } from '../../../main/app/progress.ts'

describe('opening progress, throttled', () => {
  it('passes the first report, then at most one per interval and only when the percentage moved, and always the last', () => {
    let now = 0
    const heard: Array<[number, number]> = []
    const report = throttleProgress((done, total) => heard.push([done, total]), { intervalMs: 100, now: () => now })
    report(1, 1000) // first: passed
    now = 50
    report(500, 1000) // too soon
    now = 150
    report(500, 1000) // passed
    now = 300
    report(500, 1000) // same percentage: dropped
    now = 301
    report(1000, 1000) // last: passed even though soon after
    report(1000, 1000) // after the end: nothing
    expect(heard).toEqual([[1, 1000], [500, 1000], [1000, 1000]])
  })

  it('percentages and sizes in words', () => {
    expect(percentOf(0, 0)).toBe(100)
    expect(percentOf(1, 3)).toBe(33)
    expect(percentOf(5, 3)).toBe(100)
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(12.4 * 1024 * 1024)).toBe('12.4 MB')
    expect(progressLine(512 * 1024, 1024 * 1024)).toBe('Opening workspace: 50% (512 KB of 1.0 MB)')
  })

  it('npm run serve: a line rewritten in place on a terminal, ending with a newline; whole lines into a pipe', () => {
    let now = 0
    const tty: string[] = []
    const onTty = terminalProgress({ isTTY: true, write: (t) => tty.push(t) }, { now: () => now })
    onTty(100, 1000)
    now = 500
    onTty(600, 1000)
    now = 501
    onTty(1000, 1000)
    expect(tty).toEqual([
      '\rOpening workspace: 10% (100 B of 1000 B)',
      '\rOpening workspace: 60% (600 B of 1000 B)',
      '\rOpening workspace: 100% (1000 B of 1000 B)\n',
    ])
    const pipe: string[] = []
    now = 0
    const onPipe = terminalProgress({ write: (t) => pipe.push(t) }, { now: () => now })
    onPipe(100, 1000)
    now = 500 // within the pipe's one-second interval: dropped
    onPipe(600, 1000)
    onPipe(1000, 1000)
    expect(pipe).toEqual(['Opening workspace: 10% (100 B of 1000 B)\n', 'Opening workspace: 100% (1000 B of 1000 B)\n'])
    onPipe.end() // nothing left open in a pipe
    expect(pipe).toHaveLength(2)
  })

  it('a terminal line stopped short of 100% (a damaged line) is ended before the next message', () => {
    const tty: string[] = []
    const report = terminalProgress({ isTTY: true, write: (t) => tty.push(t) })
    report(300, 1000)
    report.end()
    report.end()
    expect(tty).toEqual(['\rOpening workspace: 30% (300 B of 1000 B)', '\n'])
  })
})
