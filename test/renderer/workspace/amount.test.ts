import { describe, expect, it } from 'vitest'
import { parseAmount } from '../../../renderer/workspace/amount.ts'

describe('an amount as the rep types it', () => {
  it.each([
    ['12,000', '12000'],
    ['12000.50', '12000.50'],
    ['$12,000', '12000'],
    ['$ 1,234,567.89', '1234567.89'],
    ['  48000 ', '48000'],
    ['12 000', '12000'],
    ['0', '0'],
    ['.5', '0.5'],
    ['12.', '12'],
    ['12000 USD', '12000'],
  ])('reads %s as the decimal string %s', (typed, value) => {
    expect(parseAmount(typed)).toEqual({ ok: true, value })
  })

  it.each(['twelve', '12,00', '1,2345', '12.000.5', '1e5', '12k'])('refuses %s in plain words', (typed) => {
    expect(parseAmount(typed)).toEqual({ ok: false, message: 'Amount must be a number, like 12,000.50' })
  })

  it('says an empty or negative amount is not one', () => {
    expect(parseAmount('')).toEqual({ ok: false, message: 'Amount is required, like 12,000.50' })
    expect(parseAmount('-5')).toEqual({ ok: false, message: 'Amount cannot be negative.' })
  })
})
