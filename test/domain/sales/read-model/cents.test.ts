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
