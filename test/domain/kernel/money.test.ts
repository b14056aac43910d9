import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Dec, money } from '../../../domain/kernel/index.ts'

/** money() as it is defined: decimal.js, half-even to 2 places. */
const reference = (text: string) => new Dec(text).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)

describe('money: decimal text to 2 places, half-even', () => {
  it.each([
    ['250', '250.00'], ['1009.9', '1009.90'], ['1009.99', '1009.99'], ['007.5', '7.50'], ['0', '0.00'], ['-0', '0.00'],
    ['-0.00', '0.00'], ['-0.5', '-0.50'], ['-12.3', '-12.30'], ['0.005', '0.00'], ['0.015', '0.02'], ['2.675', '2.68'],
    ['-2.665', '-2.66'], ['123456789012345.99', '123456789012345.99'], ['1234567890123456789', '1234567890123456789.00'],
  ])('%s → %s', (text, expected) => {
    expect(money(text)).toBe(expected)
    expect(reference(text)).toBe(expected)
  })

  it('gives what decimal.js gives for any decimal text, with or without the fast path', () => {
    const text = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }))
      .map(([minus, whole, fraction]) => `${minus ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`)
    fc.assert(fc.property(text, (t) => money(t) === reference(t)), { numRuns: 2000 })
  })

  it('takes Decimals too', () => {
    expect(money(new Dec('1.005'))).toBe('1.00')
    expect(money(new Dec('-7'))).toBe('-7.00')
  })
})
