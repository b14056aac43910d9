import { describe, expect, it } from 'vitest'
import { dayOrderExpired, nextMarketClose } from '../../../../domain/trading/policies/market-close.ts'

describe('nextMarketClose (16:00 New York on weekdays)', () => {
  it.each([
    // Winter (EST, UTC−5): 21:00 UTC.
    ['2027-01-04T09:00:00.000Z', '2027-01-04T21:00:00.000Z'],
    ['2027-01-04T20:59:59.999Z', '2027-01-04T21:00:00.000Z'],
    ['2027-01-04T21:00:00.000Z', '2027-01-05T21:00:00.000Z'],
    ['2027-01-08T22:00:00.000Z', '2027-01-11T21:00:00.000Z'], // Friday after the close: Monday
    ['2027-01-09T12:00:00.000Z', '2027-01-11T21:00:00.000Z'], // Saturday: Monday
    // Summer (EDT, UTC−4): 20:00 UTC.
    ['2027-07-06T13:30:00.000Z', '2027-07-06T20:00:00.000Z'],
    ['2027-07-06T20:30:00.000Z', '2027-07-07T20:00:00.000Z'],
    // Late on a Monday in New York is already Tuesday in UTC: the next close is Tuesday's.
    ['2027-01-05T03:00:00.000Z', '2027-01-05T21:00:00.000Z'],
    // Daylight saving starts on Sunday 2027-03-14: Friday closes at 21:00 UTC, Monday at 20:00 UTC.
    ['2027-03-12T21:30:00.000Z', '2027-03-15T20:00:00.000Z'],
    // And ends on Sunday 2027-11-07: Friday at 20:00 UTC, Monday at 21:00 UTC.
    ['2027-11-05T19:00:00.000Z', '2027-11-05T20:00:00.000Z'],
    ['2027-11-05T20:00:00.000Z', '2027-11-08T21:00:00.000Z'],
  ])('after %s comes %s', (instant, close) => {
    expect(nextMarketClose(instant)).toBe(close)
  })

  it('expires a day order at that close, not before', () => {
    expect(dayOrderExpired('2027-01-04T09:00:00.000Z', '2027-01-04T20:59:59.000Z')).toBe(false)
    expect(dayOrderExpired('2027-01-04T09:00:00.000Z', '2027-01-04T21:00:00.000Z')).toBe(true)
    expect(dayOrderExpired('2027-07-06T14:00:00.000Z', '2027-07-06T19:59:59.000Z')).toBe(false)
    expect(dayOrderExpired('2027-07-06T14:00:00.000Z', '2027-07-06T20:00:00.000Z')).toBe(true)
  })
})
