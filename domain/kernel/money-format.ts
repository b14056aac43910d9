/**
 * How people read money and prices, on every screen and in every message: thousands separators, 2
 * decimals for money, a price's own fraction digits (up to 6, at least 2). Only the decimal text is
 * rearranged (grouping, padding, sign), so no amount ever passes through a JS float.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

function group(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Money as people read it: "-1234.5" → "-1,234.50"; text that is not a decimal is shown as it is. */
export function formatMoney(amount: string): string {
  const m = DECIMAL.exec(amount)
  if (!m) return amount
  const [, sign, whole, fraction = ''] = m
  const cents = (fraction + '00').slice(0, Math.max(2, fraction.length))
  const negative = sign === '-' && /[1-9]/.test(whole + cents)
  return `${negative ? '-' : ''}${group(whole)}.${cents}`
}

/**
 * A price as people read it: its own fraction digits up to 6, trailing zeros dropped down to 2:
 * "44.5" → "44.50", "44.599900" → "44.5999", "1234.5" → "1,234.50". Text that is not a decimal stays.
 */
export function formatPrice(amount: string): string {
  const m = DECIMAL.exec(amount)
  if (!m) return amount
  const [, sign, whole, fraction = ''] = m
  if (fraction.length > 6) return amount
  const digits = fraction.replace(/0+$/, '').padEnd(2, '0')
  const negative = sign === '-' && /[1-9]/.test(whole + digits)
  return `${negative ? '-' : ''}${group(whole)}.${digits}`
}

/**
 * Money in the book's currency (DOMAIN.md: USD) as people read it, where the amount stands on its own
 * (the trader's figures, rows and messages): "-1234.5" → "-$1,234.50". The digits are formatMoney's.
 */
export function formatCurrency(amount: string): string {
  const text = formatMoney(amount)
  if (!DECIMAL.test(amount)) return text
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`
}
