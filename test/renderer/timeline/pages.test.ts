import { describe, expect, it } from 'vitest'
import { pageLength, pageOf, pagesToLoad, pageStart, positionAt, TIMELINE_PAGE } from '../../../renderer/timeline/pages.ts'

describe('the timeline reads the log a page at a time', () => {
  it('numbers rows newest first and pages from position 1', () => {
    expect(TIMELINE_PAGE).toBe(200)
    expect(positionAt(1000, 0)).toBe(1000)
    expect(positionAt(1000, 999)).toBe(1)
    expect([pageOf(1), pageOf(200), pageOf(201), pageOf(1000)]).toEqual([1, 1, 2, 5])
    expect([pageStart(1), pageStart(2)]).toEqual([1, 201])
  })

  it('knows how full each page is while the log ends at a position', () => {
    expect(pageLength(1, 1000)).toBe(200)
    expect(pageLength(2, 250)).toBe(50)
    expect(pageLength(3, 250)).toBe(0)
  })

  it('asks for the pages the visible rows need, newest first, skipping those ready', () => {
    // 1,000 events; rows 0…29 show positions 1000…971: page 5 only.
    expect(pagesToLoad(1000, 0, 29, () => false)).toEqual([5])
    // rows 190…230 show positions 810…770: pages 5 and 4.
    expect(pagesToLoad(1000, 190, 230, () => false)).toEqual([5, 4])
    expect(pagesToLoad(1000, 190, 230, (page) => page === 5)).toEqual([4])
    // the oldest rows reach page 1; rows past the end are ignored.
    expect(pagesToLoad(1000, 980, 1200, () => false)).toEqual([1])
    expect(pagesToLoad(0, 0, 10, () => false)).toEqual([])
    expect(pagesToLoad(1000, 5, 4, () => false)).toEqual([])
  })
})
