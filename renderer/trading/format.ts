/**
 * How the trader's screens write money, prices and P&L: the one format of domain/kernel/money-format.ts,
 * and the sign of a P&L figure. The read models answer decimal text; no amount passes through a JS float.
 */

import { formatCurrency, formatMoney, formatPrice } from '../../domain/kernel/money-format.ts'
import { localDay, localTime } from '../workspace/dates.ts'

export { formatCurrency, formatPrice } from '../../domain/kernel/money-format.ts'

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

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

/** A P&L figure with its sign spelled out ("+$120.00", "-$35.10", "$0.00"), and the class that colours it. */
export function formatPnl(amount: string): { text: string; tone: 'gain' | 'loss' | 'flat' } {
  if (isNegative(amount)) return { text: formatCurrency(amount), tone: 'loss' }
  if (isPositive(amount)) return { text: `+${formatCurrency(amount)}`, tone: 'gain' }
  return { text: formatCurrency(amount.replace(/^-/, '')), tone: 'flat' }
}

/** A price's move with its sign spelled out, in the price format ("+1.25", "-0.5025"), and its class. */
export function formatPriceChange(change: string): { text: string; tone: 'gain' | 'loss' | 'flat' } {
  if (isNegative(change)) return { text: formatPrice(change), tone: 'loss' }
  if (isPositive(change)) return { text: `+${formatPrice(change)}`, tone: 'gain' }
  return { text: formatPrice(change.replace(/^-/, '')), tone: 'flat' }
}

/** A change in percent with its sign spelled out ("+1.25%", "-0.52%", "0.00%"). */
export function formatPercent(percent: string): string {
  return `${isPositive(percent) ? '+' : ''}${formatMoney(percent)}%`
}

/** When something happened, in the trader's local time: the time alone today, else the date and the time. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  const time = localTime(at, true)
  const date = localDay(at)
  return date === localDay(now) ? time : `${date} ${time}`
}
