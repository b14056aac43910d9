import { formatMoney } from '../kernel/money-format.ts'

/** The symbol shown before an amount in the common currencies; any other is shown by its code ("CHF 1,200.00"). */
const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', CAD: 'CA$', AUD: 'A$', INR: '₹', CNY: 'CN¥' }

/** An ISO 4217 code as the currency setting takes it: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/

/**
 * Money as the sales screens and messages show it, in the workspace's display currency: the kernel's one
 * money format (grouped, two decimals, never through a float) with its symbol or code: "$48,000.00",
 * "-€1,200.50", "CHF 9.99". Only the display changes: amounts are stored without a currency.
 */
export function formatCurrency(amount: string, currency = 'USD'): string {
  const text = formatMoney(amount)
  if (!/^-?\d/.test(text)) return text
  const negative = text.startsWith('-')
  const digits = negative ? text.slice(1) : text
  const symbol = SYMBOLS[currency]
  const shown = symbol ? `${symbol}${digits}` : `${currency} ${digits}`
  return negative ? `-${shown}` : shown
}
