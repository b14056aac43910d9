import { describe, expect, it } from 'vitest'
import { dayOrderExpired, nextMarketClose } from '../../../domain/trading/market-close.ts'

describe('nextMarketClose (21:00 UTC on weekdays)', () => {
  it.each([
    ['2027-01-04T09:00:00.000Z', '2027-01-04T21:00:00.000Z'],
    ['2027-01-04T20:59:59.999Z', '2027-01-04T21:00:00.000Z'],
    ['2027-01-04T21:00:00.000Z', '2027-01-05T21:00:00.000Z'],
    ['2027-01-08T22:00:00.000Z', '2027-01-11T21:00:00.000Z'],
    ['2027-01-09T12:00:00.000Z', '2027-01-11T21:00:00.000Z'],
  ])('after %s comes %s', (instant, close) => {
    expect(nextMarketClose(instant)).toBe(close)
  })

  it('expires a day order at that close, not before', () => {
    expect(dayOrderExpired('2027-01-04T09:00:00.000Z', '2027-01-04T20:59:59.000Z')).toBe(false)
    expect(dayOrderExpired('2027-01-04T09:00:00.000Z', '2027-01-04T21:00:00.000Z')).toBe(true)
  })
})
