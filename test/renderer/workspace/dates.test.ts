import { describe, expect, it } from 'vitest'
import { formatDay, formatMoment } from '../../../renderer/workspace/dates.ts'

// A moment built in local time, so the expectations hold in any time zone the tests run in.
const local = new Date(2027, 5, 3, 9, 5, 7).toISOString()

describe('dates on screen', () => {
  it('writes a moment as its local day and time, like a close date with the time after it', () => {
    expect(formatMoment(local)).toBe('2027-06-03 09:05')
  })

  it('writes the local day alone', () => {
    expect(formatDay(local)).toBe('2027-06-03')
  })

  it('gives back text that is not an instant as it is, never "Invalid Date"', () => {
    expect(formatMoment('soon')).toBe('soon')
    expect(formatDay('')).toBe('')
  })
})
