import { describe, expect, it } from 'vitest'
import { fromCents, plusMoney, sumMoney, toCents } from '../../../../domain/sales/read-model/cents.ts'

describe('money as integer cents', () => {
  it('reads money text exactly, and other decimal text rounded half-even to the cent', () => {
    expect(toCents('1009.99')).toBe(100999n)
    expect(toCents('-0.05')).toBe(-5n)
    expect(toCents('50000')).toBe(5000000n)
    expect(toCents('0.125')).toBe(12n)
    expect(toCents('0.135')).toBe(14n)
    expect(toCents('123456789012345678901234.56')).toBe(12345678901234567890123456n)
  })

  it('writes cents as money text with two places', () => {
    expect(fromCents(100999n)).toBe('1009.99')
    expect(fromCents(5n)).toBe('0.05')
    expect(fromCents(0n)).toBe('0.00')
    expect(fromCents(-1234n)).toBe('-12.34')
  })

  it('adds and subtracts exactly where floats would not', () => {
    expect(plusMoney('0.10', '0.20')).toBe('0.30')
    expect(plusMoney('10.00', '2.5', -1)).toBe('7.50')
    expect(sumMoney(['0.10', '0.20', '9007199254740993.01'])).toBe('9007199254740993.31')
    expect(sumMoney([])).toBe('0.00')
  })
})

describe('money on the fast path (whole cents in a number)', () => {
  it('agrees with BigInt cents on money text of every shape', () => {
    const amounts = ['0.00', '-0.01', '12.34', '-999999999999.99', '9999999999999.99', '10000000000000.00', '90071992547409.93', '1.5', '7', '0.125', '-1.005', '1e3']
    for (const a of amounts) {
      for (const b of amounts) {
        for (const sign of [1, -1] as const) {
          expect(plusMoney(a, b, sign), `${a} ${sign > 0 ? '+' : '-'} ${b}`).toBe(fromCents(toCents(a) + BigInt(sign) * toCents(b)))
        }
      }
    }
  })

  it('stays exact when a running total passes 2^53 cents', () => {
    expect(plusMoney('9999999999999.99', '9999999999999.99')).toBe('19999999999999.98')
    expect(sumMoney(['9999999999999.99', '9999999999999.99', '9999999999999.99', '0.03'])).toBe('30000000000000.00')
    expect(sumMoney(['90071992547409.91', '0.01', '0.01'])).toBe('90071992547409.93')
    expect([fromCents(-5), fromCents(0), fromCents(-0), fromCents(7), fromCents(1234), fromCents(-100)]).toEqual(['-0.05', '0.00', '0.00', '0.07', '12.34', '-1.00'])
  })

  it('refuses text that is not a number the way it always did', () => {
    expect(() => plusMoney('1.00', 'abc')).toThrow()
  })
})
