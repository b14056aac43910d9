/**
 * How the trader's screens write money, prices and P&L. The read models answer decimal text; these only
 * rearrange that text (grouping, padding, sign), so no amount ever passes through a JS float.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

function group(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Money as the trader reads it: "-1234.5" → "-1,234.50"; text that is not a decimal is shown as it is. */
export function formatMoney(amount: string): string {
  const m = DECIMAL.exec(amount)
  if (!m) return amount
  const [, sign, whole, fraction = ''] = m
  const cents = (fraction + '00').slice(0, Math.max(2, fraction.length))
  const negative = sign === '-' && /[1-9]/.test(whole + cents)
  return `${negative ? '-' : ''}${group(whole)}.${cents}`
}

/** A price keeps its own fraction digits (up to 6), at least 2: "44.5" → "44.50", "0.123456" stays. */
export const formatPrice = formatMoney

/** Whether decimal text is below zero ("-0.00" is not). */
export function isNegative(amount: string): boolean {
  const m = DECIMAL.exec(amount)
  return !!m && m[1] === '-' && /[1-9]/.test(m[2] + (m[3] ?? ''))
}

/** Whether decimal text is above zero. */
export function isPositive(amount: string): boolean {
  const m = DECIMAL.exec(amount)
  return !!m && m[1] === '' && /[1-9]/.test(m[2] + (m[3] ?? ''))
}

/** A P&L figure with its sign spelled out ("+120.00", "-35.10", "0.00"), and the class that colours it. */
export function formatPnl(amount: string): { text: string; tone: 'gain' | 'loss' | 'flat' } {
  if (isNegative(amount)) return { text: formatMoney(amount), tone: 'loss' }
  if (isPositive(amount)) return { text: `+${formatMoney(amount)}`, tone: 'gain' }
  return { text: formatMoney(amount.replace(/^-/, '')), tone: 'flat' }
}
