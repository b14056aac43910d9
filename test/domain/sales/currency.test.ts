import { describe, expect, it } from 'vitest'
import { formatCurrency } from '../../../domain/sales/currency.ts'
import { salesSettings, salesSettingsSchema } from '../../../domain/sales/settings.ts'
import { currencySetting } from '../../../domain/sales/settings-defaults.ts'

describe('money in the display currency', () => {
  it('puts the symbol of a common currency before the one money format, the code before any other', () => {
    expect(formatCurrency('48000')).toBe('$48,000.00')
    expect(formatCurrency('-1200.5', 'EUR')).toBe('-€1,200.50')
    expect(formatCurrency('9.99', 'CHF')).toBe('CHF 9.99')
    expect(formatCurrency('not a number', 'EUR')).toBe('not a number')
  })

  it('is a setting: USD by default, a three-letter code, anything else refused with the field', () => {
    expect(salesSettings({}).currency).toBe('USD')
    expect(salesSettings({ currency: 'GBP' }).currency).toBe('GBP')
    const refused = salesSettingsSchema.safeParse({ currency: 'euro' })
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]).toMatchObject({ path: ['currency'], message: 'must be a three-letter currency code, like USD or EUR' })
  })

  it('is read by the first screen without the schema, the same currency the schema gives for the settings the engine hands out', () => {
    for (const raw of [{}, { currency: 'GBP' }, { currency: 'CHF', staleDays: 30 }]) expect(currencySetting(salesSettings(raw))).toBe(salesSettings(raw).currency)
    expect(currencySetting({})).toBe('USD')
    expect(currencySetting({ currency: 'euro' })).toBe('USD')
    expect(currencySetting({ currency: 7 })).toBe('USD')
  })
})
