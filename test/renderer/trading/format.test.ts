import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../../domain/kernel/money-format.ts'
import { formatCurrency, formatPercent, formatPnl, formatPrice, formatPriceChange, isNegative, isPositive } from '../../../renderer/trading/format.ts'

describe('money on the trader\'s screens', () => {
  it('groups thousands and shows cents, from the read model\'s text', () => {
    expect(formatMoney('9000.00')).toBe('9,000.00')
    expect(formatMoney('4490.01')).toBe('4,490.01')
    expect(formatMoney('1234567.5')).toBe('1,234,567.50')
    expect(formatMoney('0')).toBe('0.00')
    expect(formatMoney('-2509.99')).toBe('-2,509.99')
  })

  it('keeps every digit a float would lose', () => {
    expect(formatMoney('12345678901234567.89')).toBe('12,345,678,901,234,567.89')
    expect(formatMoney('0.10')).toBe('0.10')
  })

  it('keeps a price\'s own fraction digits (up to 6)', () => {
    expect(formatPrice('44.5')).toBe('44.50')
    expect(formatPrice('0.123456')).toBe('0.123456')
    expect(formatPrice('101.25')).toBe('101.25')
    expect(formatPrice('44.599900')).toBe('44.5999')
    expect(formatPrice('1234.5')).toBe('1,234.50')
    expect(formatPrice('100')).toBe('100.00')
  })

  it('writes "-0.00" as zero and leaves text that is not a decimal as it is', () => {
    expect(formatMoney('-0.00')).toBe('0.00')
    expect(formatMoney('n/a')).toBe('n/a')
    expect(formatMoney('1e5')).toBe('1e5')
  })

  it('tells the sign of decimal text without parsing it as a number', () => {
    expect(isNegative('-0.01')).toBe(true)
    expect(isNegative('-0.00')).toBe(false)
    expect(isNegative('3')).toBe(false)
    expect(isPositive('0.01')).toBe(true)
    expect(isPositive('0.00')).toBe(false)
    expect(isPositive('-1')).toBe(false)
  })

  it('writes money in dollars, the sign before the currency', () => {
    expect(formatCurrency('9000')).toBe('$9,000.00')
    expect(formatCurrency('-2509.99')).toBe('-$2,509.99')
    expect(formatCurrency('-0.00')).toBe('$0.00')
    expect(formatCurrency('n/a')).toBe('n/a')
  })

  it('spells out the sign of a P&L and colours it', () => {
    expect(formatPnl('120')).toEqual({ text: '+$120.00', tone: 'gain' })
    expect(formatPnl('-35.1')).toEqual({ text: '-$35.10', tone: 'loss' })
    expect(formatPnl('-0.00')).toEqual({ text: '$0.00', tone: 'flat' })
  })

  it('spells out the sign of a price\'s move in the price format, and of a percent', () => {
    expect(formatPriceChange('1.25')).toEqual({ text: '+1.25', tone: 'gain' })
    expect(formatPriceChange('-0.5025')).toEqual({ text: '-0.5025', tone: 'loss' })
    expect(formatPercent('1.25')).toBe('+1.25%')
    expect(formatPercent('-0.52')).toBe('-0.52%')
    expect(formatPercent('0.00')).toBe('0.00%')
  })
})
